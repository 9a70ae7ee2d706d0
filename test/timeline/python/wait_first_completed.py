import asyncio


async def source(name, delay):
    await asyncio.sleep(delay)
    return name


async def main():
    tasks = [asyncio.create_task(source("mirror-a", 3)), asyncio.create_task(source("mirror-b", 1)), asyncio.create_task(source("mirror-c", 2))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for task in done:
        print("winner:", task.result())
    print("still pending:", len(pending))
    for task in pending:
        task.cancel()
    await asyncio.sleep(0)
    print("cancelled:", [t.cancelled() for t in tasks])


asyncio.run(main())
