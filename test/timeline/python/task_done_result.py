import asyncio


async def compute():
    await asyncio.sleep(1)
    return 42


async def main():
    task = asyncio.create_task(compute(), name="answer")
    print(task.get_name(), "done?", task.done())
    await asyncio.sleep(0.5)
    print("done at 0.5s?", task.done())
    await asyncio.sleep(1)
    print("done at 1.5s?", task.done(), "result:", task.result())


asyncio.run(main())
