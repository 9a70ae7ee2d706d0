# Tries: to read the caller's environment and pid (os.environ, os.getpid, os.getppid).
# outcome: model
import os
try:
    print('env', dict(os.environ))
except Exception as e:
    print('environ', type(e).__name__)
try:
    print('pid', os.getpid(), 'ppid', os.getppid())
except Exception as e:
    print('pid', type(e).__name__)
