# Fills a set with a hundred million numbers, then a frozenset.
# expect-output: set MemoryError
# expect-output: frozenset MemoryError
r = range(10 ** 8)
try:
    s = set(r)
except MemoryError:
    print("set MemoryError")
try:
    s = frozenset(r)
except MemoryError:
    print("frozenset MemoryError")
