def make_multiplier(factor):
    def multiply(x):
        return x * factor
    return multiply


double = make_multiplier(2)
triple = make_multiplier(3)
print(double(5), triple(5))

squares = [n * n for n in range(6)]
evens = [n for n in squares if n % 2 == 0]
pairs = {n: n ** 3 for n in range(4)}
unique = {c for c in "mississippi"}
print(squares, evens, pairs, sorted(unique))
matrix = [[r * 3 + c for c in range(3)] for r in range(2)]
print(matrix, [x for row in matrix for x in row if x > 2])
print(sum(x for x in range(10)), any(x > 8 for x in range(10)), all([]))
counts = {}
for word in "the cat and the hat and the bat".split():
    counts[word] = counts.get(word, 0) + 1
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
first, *rest = [10, 20, 30]
a, (b, c) = 1, (2, 3)
print(first, rest, a, b, c)
total = 0
for i, ch in enumerate("abc", start=1):
    total += i
print(total, list(zip([1, 2], "xy")), list(reversed(range(3))), max([3, 9, 2]), min("zebra"))
