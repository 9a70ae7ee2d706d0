import asyncio
import random


async def worker(name: str, queue: asyncio.Queue, results: list):
    while True:
        job = await queue.get()
        try:
            await asyncio.sleep(job["cost"])
            results.append((name, job["id"]))
            print(f"{name} finished job {job['id']}")
        finally:
            queue.task_done()


async def main():
    queue: asyncio.Queue = asyncio.Queue()
    costs = [0.3, 0.1, 0.25, 0.1, 0.4, 0.1]
    for i, cost in enumerate(costs):
        queue.put_nowait({"id": i, "cost": cost})
    results = []
    workers = [asyncio.create_task(worker(f"w{n}", queue, results)) for n in range(3)]
    await queue.join()
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    print("processed", len(results), "jobs")


asyncio.run(main())
