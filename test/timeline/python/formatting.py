price = 1234.5678
name = "widget"
items = [3, 1, 2]
print(f"{name!r} costs {price:.2f} ({price:,.1f})")
print(f"|{name:<10}|{name:>10}|{name:^10}|")
print(f"{42:05d} {255:x} {255:#b} {0.25:.0%} {1e-7} {1/3}")
print(f"{3.0} {2.50} {10/2} {7/2} {2**0.5:.3f} {-0.0}")
print("%s has %d items, %.3f avg" % (name, len(items), sum(items) / len(items)))
print("{} and {}: {name}".format("a", "b", name="c"))
print("{:>6.1f}|{:<4}|".format(3.14159, "ab"))
print(round(2.5), round(3.5), round(2.675, 2), abs(-3), divmod(17, 5), 7 // -2, -7 % 3)
print(str(None), repr("quote's"), [1.0, "two", None, True], (1,), {"k": (1, 2)}, set())
print(int("42") + 1, float("1.5") * 2, bool(""), bool([0]), len("héllo"))
print(" ".join(sorted(["pear", "apple", "fig"], key=len)), "-".join(map(str, items)))
print("Hello World".lower().replace("world", "there").title().split())
