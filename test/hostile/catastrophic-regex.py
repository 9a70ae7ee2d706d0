# Tries: catastrophic backtracking inside one re.match call, work the interpreter's step budget cannot see.
# outcome: stopped-or-note
import re
print(re.match(r'^(a+)+$', 'a' * 48 + 'b'))
