import asyncio


async def critical(lock, name):
    await lock.acquire()
    try:
        print(f"{name} in critical section")
        await asyncio.sleep(0.5)
    finally:
        lock.release()
        print(f"{name} left")


async def main():
    lock = asyncio.Lock()
    await asyncio.gather(*(critical(lock, n) for n in "abc"))
    try:
        lock.release()
    except RuntimeError as e:
        print("RuntimeError:", e)


asyncio.run(main())
