import asyncio


async def job(n):
    print(f"job {n} starting")
    await asyncio.sleep(1 + n)
    return n


async def main():
    for coro in asyncio.as_completed([job(1), job(2), job(3), job(4), job(5), job(6)]):
        print("result", await coro)


asyncio.run(main())
