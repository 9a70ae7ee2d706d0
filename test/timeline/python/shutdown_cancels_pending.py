import asyncio


async def reporter():
    try:
        while True:
            await asyncio.sleep(1)
            print("report")
    except asyncio.CancelledError:
        print("reporter cancelled at shutdown")
        raise


async def main():
    asyncio.create_task(reporter())
    await asyncio.sleep(2.5)
    print("main returns without awaiting reporter")


asyncio.run(main())
print("program end")
