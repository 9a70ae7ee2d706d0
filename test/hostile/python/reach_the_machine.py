# Tries to run a shell command, write a file and read the environment through os, subprocess, open, eval, exec and __import__.
# expect-no-marker
import os
import subprocess
os.system("touch /tmp/looplens-hostile-marker-py")
subprocess.run(["touch", "/tmp/looplens-hostile-marker-py"])
print(os.environ.get("HOME"), os.getpid())
try:
    open("/tmp/looplens-hostile-marker-py", "w").write("x")
except Exception as e:
    print(type(e).__name__)
for code in ['__import__("os").system("touch /tmp/looplens-hostile-marker-py")']:
    try:
        eval(code)
    except Exception as e:
        print(type(e).__name__)
    try:
        exec(code)
    except Exception as e:
        print(type(e).__name__)
