import asyncio


async def heartbeat():
    beats = 0
    try:
        while True:
            beats += 1
            print(f"beat {beats}")
            await asyncio.sleep(1)
    except asyncio.CancelledError:
        print(f"heartbeat stopped after {beats} beats")
        raise


async def main():
    task = asyncio.create_task(heartbeat())
    await asyncio.sleep(3.5)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("main: heartbeat is cancelled")
    print("cancelled?", task.cancelled())


asyncio.run(main())
