import asyncio


async def save_to_disk():
    print("saving...")
    await asyncio.sleep(2)
    print("saved")
    return "ok"


async def main():
    task = asyncio.create_task(save_to_disk())
    try:
        await asyncio.wait_for(asyncio.shield(task), timeout=1)
    except asyncio.TimeoutError:
        print("stopped waiting, but the save goes on")
    print("result:", await task)


asyncio.run(main())
