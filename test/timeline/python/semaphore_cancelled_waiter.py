import asyncio


async def use(sem, name, hold):
    async with sem:
        print(f"{name} acquired")
        await asyncio.sleep(hold)
    print(f"{name} released")


async def main():
    sem = asyncio.Semaphore(1)
    first = asyncio.create_task(use(sem, "first", 2))
    second = asyncio.create_task(use(sem, "second", 1))
    third = asyncio.create_task(use(sem, "third", 1))
    await asyncio.sleep(1)
    second.cancel()
    await asyncio.gather(first, third)
    print("second cancelled:", second.cancelled())


asyncio.run(main())
