import asyncio
import time


def backup(name):
    print(f"backup of {name} starts in a thread")
    time.sleep(2.5)
    print(f"backup of {name} written")
    return 7


async def ticker():
    for i in range(3):
        await asyncio.sleep(1)
        print(f"tick {i + 1}")


async def main():
    saved, _ = await asyncio.gather(asyncio.to_thread(backup, "db"), ticker())
    print("saved", saved, "files")


asyncio.run(main())
