import asyncio
from contextlib import asynccontextmanager, contextmanager, suppress


@contextmanager
def section(title):
    print(f"<{title}>")
    try:
        yield title.upper()
    finally:
        print(f"</{title}>")


@asynccontextmanager
async def connection(name):
    print(f"connecting {name}")
    await asyncio.sleep(0.5)
    try:
        yield f"conn-{name}"
    except ValueError as e:
        print(f"rollback on {e}")
    finally:
        await asyncio.sleep(0.2)
        print(f"closed {name}")


async def main():
    with section("report") as t:
        print("inside", t)
    async with connection("db") as c:
        print("using", c)
        await asyncio.sleep(1)
    async with connection("cache") as c:
        raise ValueError("bad write")
    print("swallowed by the context manager")
    with suppress(KeyError):
        {}["x"]
    print("suppressed KeyError")


asyncio.run(main())
