# Splits a long string into millions of pieces, joins a huge list and replaces every character by a longer text (the JS split that aborted V8).
# expect-output: split MemoryError
# expect-output: replace MemoryError
# expect-output: join MemoryError
s = "ab" * (2 ** 23)
try:
    parts = s.split("a")
except MemoryError:
    print("split MemoryError")
try:
    r = s.replace("a", "x" * 1000)
except MemoryError:
    print("replace MemoryError")
try:
    j = ("y" * 1000).join(["z"] * 1000000)
except MemoryError:
    print("join MemoryError")
