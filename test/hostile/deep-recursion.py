# Tries: unbounded recursion, to overflow the interpreter's (and the host's) native stack.
# outcome: stopped-or-note
def down(n):
    return down(n + 1) + 1

print(down(0))
