import asyncio


def callback(label):
    print(f"callback {label}")


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(2, callback, "later-2s")
    loop.call_later(1, callback, "later-1s")
    loop.call_soon(callback, "soon-1")
    loop.call_soon(callback, "soon-2")
    print("scheduled everything")
    await asyncio.sleep(0)
    print("after one iteration")
    await asyncio.sleep(3)
    print("main done")


asyncio.run(main())
