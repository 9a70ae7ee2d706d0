import asyncio
import time

START = 0.0


async def download(sem, n):
    async with sem:
        print(f"[{int(time.monotonic() - START)}s] start {n}")
        await asyncio.sleep(2)
        print(f"[{int(time.monotonic() - START)}s] end {n}")


async def main():
    global START
    START = time.monotonic()
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*(download(sem, n) for n in range(5)))


asyncio.run(main())
