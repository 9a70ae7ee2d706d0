import asyncio


def announce(task):
    print(f"callback: {task.get_name()} -> {task.result()}")


async def work(n):
    await asyncio.sleep(n)
    print(f"work {n} returns")
    return n * 100


async def main():
    for n in (2, 1):
        task = asyncio.create_task(work(n), name=f"job-{n}")
        task.add_done_callback(announce)
    await asyncio.sleep(3)
    print("main done")


asyncio.run(main())
