# Fills a dict from a hundred million pairs.
# expect-note: work budget
r = range(10 ** 8)
try:
    d = dict(zip(r, r))
except MemoryError:
    print("dict MemoryError")
