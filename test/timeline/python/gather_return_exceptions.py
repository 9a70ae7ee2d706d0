import asyncio


async def ok(n):
    await asyncio.sleep(n)
    print(f"ok {n}")
    return n * 10


async def boom():
    await asyncio.sleep(1.5)
    print("boom raises")
    raise ValueError("boom failed")


async def main():
    results = await asyncio.gather(ok(1), boom(), ok(2), return_exceptions=True)
    for r in results:
        if isinstance(r, Exception):
            print(f"error: {type(r).__name__}: {r}")
        else:
            print(f"value: {r}")


asyncio.run(main())
