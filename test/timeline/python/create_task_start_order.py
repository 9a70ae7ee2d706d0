import asyncio


async def worker(n):
    print(f"worker {n} starts")
    await asyncio.sleep(0)
    print(f"worker {n} after one iteration")


async def main():
    tasks = [asyncio.create_task(worker(n)) for n in range(3)]
    print("tasks created; none has started yet")
    await asyncio.sleep(0)
    print("main after sleep(0)")
    await asyncio.gather(*tasks)
    print("main done")


asyncio.run(main())
