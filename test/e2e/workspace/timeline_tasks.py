import asyncio
import time


async def worker():
    print("worker")


async def main():
    task = asyncio.create_task(worker())
    time.sleep(0.2)
    print("main")
    await task


asyncio.run(main())
