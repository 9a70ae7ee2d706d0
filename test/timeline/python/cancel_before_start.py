import asyncio


async def never_starts():
    print("this line never prints")


async def main():
    task = asyncio.create_task(never_starts())
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("cancelled before its first step")
    print("cancelled:", task.cancelled(), "done:", task.done())


asyncio.run(main())
