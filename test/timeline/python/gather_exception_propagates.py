import asyncio


async def slow():
    await asyncio.sleep(2)
    print("slow finished anyway")
    return "slow"


async def failing():
    await asyncio.sleep(1)
    raise KeyError("config")


async def main():
    try:
        await asyncio.gather(slow(), failing())
    except KeyError as e:
        print("gather raised KeyError", e)
    await asyncio.sleep(1.5)
    print("main done")


asyncio.run(main())
