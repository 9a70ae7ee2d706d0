import asyncio
import time


def blocking_io(name):
    time.sleep(2)
    return f"{name} read"


async def spinner():
    for i in range(4):
        print(f"loop still responsive {i}")
        await asyncio.sleep(0.5)


async def main():
    start = time.monotonic()
    result, _ = await asyncio.gather(asyncio.to_thread(blocking_io, "file.txt"), spinner())
    print(result)
    print(f"elapsed {int(time.monotonic() - start)}s")


asyncio.run(main())
