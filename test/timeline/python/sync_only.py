import time

print("start")
inventory = {"apples": 3, "pears": 0}
for fruit, count in inventory.items():
    status = "in stock" if count else "sold out"
    print(f"{fruit}: {status}")
time.sleep(1.5)
print("after a blocking second and a half")
numbers = list(range(1, 11))
print("sum", sum(numbers), "evens", [n for n in numbers if n % 2 == 0][:3])
while numbers:
    n = numbers.pop()
    if n < 8:
        break
print("stopped at", n)
