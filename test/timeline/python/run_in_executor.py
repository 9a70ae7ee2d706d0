import asyncio
import time


def crunch(n):
    time.sleep(1.5)
    return sum(range(n))


async def main():
    loop = asyncio.get_running_loop()
    print("submitting")
    future = loop.run_in_executor(None, crunch, 100)
    print("submitted, waiting")
    await asyncio.sleep(0.5)
    print("loop did other work meanwhile")
    print("result:", await future)


asyncio.run(main())
