import asyncio
import time

START = 0.0


async def call_api(sem, n):
    async with sem:
        await asyncio.sleep(1)
        print(f"request {n} done at {int(time.perf_counter() - START)}s")
        return n


async def main():
    global START
    START = time.perf_counter()
    sem = asyncio.BoundedSemaphore(3)
    results = await asyncio.gather(*[call_api(sem, n) for n in range(7)])
    print("results", results)


asyncio.run(main())
