import asyncio


async def child(name, delay):
    try:
        await asyncio.sleep(delay)
        print(f"{name} finished")
    except asyncio.CancelledError:
        print(f"{name} cancelled")
        raise


async def main():
    group = asyncio.gather(child("a", 1), child("b", 3))
    await asyncio.sleep(2)
    group.cancel()
    try:
        await group
    except asyncio.CancelledError:
        print("the gather was cancelled")


asyncio.run(main())
