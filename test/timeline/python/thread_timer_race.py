import asyncio
import time


def job():
    time.sleep(1)
    return "thread"


async def timer():
    await asyncio.sleep(1)
    print("timer done")


async def main():
    async def th():
        print(await asyncio.to_thread(job))
    await asyncio.gather(th(), timer())


asyncio.run(main())
