# Tries: to write a marker file with open(), pathlib and os-level calls.
# outcome: model
import os
import pathlib
marker = '__MARKER_DIR__/py-write'
try:
    with open(marker + '-open', 'w') as f:
        f.write('x')
except Exception as e:
    print('open', type(e).__name__)
try:
    pathlib.Path(marker + '-pathlib').write_text('x')
except Exception as e:
    print('pathlib', type(e).__name__)
try:
    os.system('touch ' + marker + '-system')
except Exception as e:
    print('system', type(e).__name__)
print('done')
