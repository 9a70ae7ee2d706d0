import asyncio


async def compute(x):
    return x + 1


async def chatter():
    print("chatter runs")


async def main():
    asyncio.create_task(chatter())
    total = 0
    for i in range(3):
        total = await compute(total)
        print("computed", total)
    print("no await suspended, so chatter has not run yet")
    await asyncio.sleep(0)
    print("main after yielding")


asyncio.run(main())
