# Tries: the same V8 fatal error from Python: a 256 MB string split into 2^27 pieces.
# outcome: stopped-or-note
s = 'ab' * 2 ** 27
parts = s.split('a')
print(len(parts))
