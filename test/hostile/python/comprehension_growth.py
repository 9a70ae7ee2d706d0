# Grows a list, a dict and a set through comprehensions over an endless range, and doubles a list with extend.
# expect-output: doubled MemoryError
xs = [0]
try:
    while True:
        xs.extend(xs)
except MemoryError:
    print("doubled MemoryError")
big = [i for i in range(10 ** 9)]
print(len(big))
