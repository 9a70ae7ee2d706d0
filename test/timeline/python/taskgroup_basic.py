import asyncio


async def job(name, delay):
    print(f"{name} started")
    await asyncio.sleep(delay)
    print(f"{name} finished")
    return delay


async def main():
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(job("a", 2))
        b = tg.create_task(job("b", 1))
        print("tasks created, body ends")
    print("all done:", a.result() + b.result())


asyncio.run(main())
