# Materialises ranges of 10**12 numbers: list(range), tuple(range), len and indexing of a huge range, sum over it.
# expect-output: 1000000000000 5 999999999999
# expect-output: list MemoryError
# expect-note: work budget
r = range(10 ** 12)
print(len(r), r[5], r[-1])
try:
    xs = list(r)
except MemoryError:
    print("list MemoryError")
print(sum(r))
