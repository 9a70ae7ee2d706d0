# Builds a tuple that shares itself 2**60 times and hashes, prints and compares it (exponential work from a few lines).
# expect-output: hash MemoryError
t = ()
for _ in range(60):
    t = (t, t)
try:
    print(hash(t))
except MemoryError:
    print("hash MemoryError")
print(repr(t)[:10])
