# Allocates a 268-million-character string with str * n (the JS engine's heap dies on this if it is done for real).
# expect-output: caught MemoryError
try:
    s = "ab" * (2 ** 27)
    print(len(s))
except MemoryError:
    print("caught MemoryError")
