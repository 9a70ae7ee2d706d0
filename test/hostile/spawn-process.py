# Tries: to run a command that leaves a marker file (subprocess, os.system, os.popen).
# outcome: model
import os
import subprocess
marker = '__MARKER_DIR__/py-spawn'
try:
    subprocess.run(['touch', marker + '-run'])
except Exception as e:
    print('run', type(e).__name__)
try:
    os.popen('touch ' + marker + '-popen').read()
except Exception as e:
    print('popen', type(e).__name__)
print('done')
