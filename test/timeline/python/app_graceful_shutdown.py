import asyncio


async def heartbeat(stop: asyncio.Event):
    n = 0
    while not stop.is_set():
        n += 1
        print(f"heartbeat {n}")
        try:
            await asyncio.wait_for(stop.wait(), timeout=0.1)
        except asyncio.TimeoutError:
            pass
    print("heartbeat stopped cleanly")


async def consumer(queue: asyncio.Queue):
    try:
        while True:
            item = await queue.get()
            await asyncio.sleep(0.02)
            print(f"consumed {item}")
            queue.task_done()
    except asyncio.CancelledError:
        print("consumer cancelled, flushing")
        raise


async def main():
    stop = asyncio.Event()
    queue = asyncio.Queue()
    tasks = [asyncio.create_task(heartbeat(stop)), asyncio.create_task(consumer(queue))]
    for i in range(3):
        await queue.put(i)
    await asyncio.sleep(0.25)
    print("shutdown requested")
    stop.set()
    await queue.join()
    tasks[1].cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    print("results:", [type(r).__name__ for r in results])


asyncio.run(main())
