import asyncio
import time

START = 0.0


async def download(sem, n):
    async with sem:
        print(f"[{time.monotonic() - START:.0f}s] start {n}")
        await asyncio.sleep(2)
        print(f"[{time.monotonic() - START:.0f}s] end {n}")


async def main():
    global START
    START = time.monotonic()
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*(download(sem, n) for n in range(5)))


asyncio.run(main())
