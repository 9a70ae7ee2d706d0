import asyncio


async def step(n):
    await asyncio.sleep(n)
    return n


async def main():
    tasks = [asyncio.create_task(step(n)) for n in (1, 3, 5)]
    done, pending = await asyncio.wait(tasks, timeout=2)
    print(f"after 2s: {len(done)} done, {len(pending)} pending")
    done, pending = await asyncio.wait(pending, timeout=2)
    print(f"after 4s: {len(done)} done, {len(pending)} pending")
    for t in pending:
        t.cancel()
    print("results so far:", sorted(t.result() for t in tasks if not t.cancelled() and t.done()))


asyncio.run(main())
