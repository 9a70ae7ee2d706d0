import asyncio


async def worker():
    print("worker: opening connection")
    try:
        await asyncio.sleep(5)
        print("worker: finished normally")
    except asyncio.CancelledError:
        print("worker: cancelled, rolling back")
        await asyncio.sleep(0.5)
        print("worker: rollback complete")
        raise
    finally:
        print("worker: connection closed")


async def main():
    task = asyncio.create_task(worker())
    await asyncio.sleep(1)
    print("main: cancelling")
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("main: worker is gone")


asyncio.run(main())
