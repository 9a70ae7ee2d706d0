import asyncio
import time

START = 0.0


def stamp():
    return f"{int(time.monotonic() - START)}s"


async def ticker():
    for i in range(3):
        print(f"tick {i} at {stamp()}")
        await asyncio.sleep(1)


async def blocker():
    await asyncio.sleep(0.2)
    print(f"blocking the loop at {stamp()}")
    time.sleep(3)
    print(f"unblocked at {stamp()}")


async def main():
    global START
    START = time.monotonic()
    await asyncio.gather(ticker(), blocker())


asyncio.run(main())
