# Sorts a large list many times over with a key function, so the work happens inside the sort builtin.
# expect-note: budget
xs = list(range(1000000, 0, -1))
for _ in range(100):
    xs = sorted(xs, key=lambda v: -v)
print("sorted")
