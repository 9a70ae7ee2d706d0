# Recurses without end (Python raises RecursionError; the simulator must not crash its host).
# expect-alive
def f(n):
    return f(n + 1) + 1

try:
    f(0)
except RecursionError:
    print("RecursionError")
