import asyncio


async def slow_operation():
    try:
        print("slow operation started")
        await asyncio.sleep(10)
        print("never printed")
    except asyncio.CancelledError:
        print("slow operation cancelled")
        raise


async def main():
    try:
        await asyncio.wait_for(slow_operation(), timeout=2)
    except asyncio.TimeoutError:
        print("timed out after 2s")
    result = await asyncio.wait_for(asyncio.sleep(1, result="quick"), timeout=3)
    print("got", result)


asyncio.run(main())
