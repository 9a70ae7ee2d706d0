import asyncio


async def worker(name, queue):
    while True:
        job = await queue.get()
        print(f"{name} takes {job}")
        await asyncio.sleep(job)
        print(f"{name} finished {job}")
        queue.task_done()


async def main():
    queue = asyncio.Queue()
    for job in [2, 1, 3, 1]:
        queue.put_nowait(job)
    workers = [asyncio.create_task(worker(f"w{i}", queue)) for i in range(2)]
    await queue.join()
    print("all jobs done")
    for w in workers:
        w.cancel()
    results = await asyncio.gather(*workers, return_exceptions=True)
    print([type(r).__name__ for r in results])


asyncio.run(main())
