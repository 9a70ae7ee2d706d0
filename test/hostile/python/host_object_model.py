# Tries to reach the host (JavaScript) object model through Python attributes: constructor, __proto__, toString... on every kind of value.
# expect-output: hidden 0
import asyncio

class C:
    pass

async def coro():
    return 1

def fn():
    pass

values = ["", 1, 1.5, True, None, [], (), {}, set(), C, C(), fn, print, asyncio, ValueError("x"), range(3), iter([1]), coro, lambda: 1]
names = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "__defineGetter__", "__lookupGetter__"]
leaks = 0
for v in values:
    for name in names:
        if hasattr(v, name):
            leaks += 1
        if v is asyncio:
            continue
        try:
            getattr(v, name)
            leaks += 1
        except AttributeError:
            pass
print("hidden", leaks)
try:
    "".__proto__()
except AttributeError as e:
    print(e)
try:
    "{0.constructor}".format("")
except AttributeError as e:
    print(e)
d = {"constructor": 1}
print(d.get("toString"), "constructor" in d, d["constructor"])
