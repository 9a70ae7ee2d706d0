# Builds a list of a billion elements with list * n, then a tuple the same way.
# expect-output: list MemoryError
# expect-output: tuple MemoryError
try:
    xs = [0] * (10 ** 9)
except MemoryError:
    print("list MemoryError")
try:
    t = (1, 2) * (10 ** 9)
except MemoryError:
    print("tuple MemoryError")
