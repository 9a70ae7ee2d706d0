import asyncio


async def good():
    try:
        await asyncio.sleep(5)
        print("good finished")
    except asyncio.CancelledError:
        print("good was cancelled by the group")
        raise


async def bad():
    await asyncio.sleep(1)
    print("bad raises")
    raise RuntimeError("disk full")


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(good())
            tg.create_task(bad())
    except ExceptionGroup as group:
        print("caught:", group)
        for exc in group.exceptions:
            print(" -", repr(exc))


asyncio.run(main())
