import asyncio
import time


async def fetch(name, delay):
    print(f"{name}: start")
    await asyncio.sleep(delay)
    print(f"{name}: done after {delay}s")
    return name.upper()


async def main():
    start = time.perf_counter()
    results = await asyncio.gather(fetch("slow", 3), fetch("fast", 1))
    print(results)
    print(f"total {int(time.perf_counter() - start)}s")


asyncio.run(main())
