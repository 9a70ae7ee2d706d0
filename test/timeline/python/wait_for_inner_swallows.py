import asyncio


async def stubborn():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print("stubborn: cancelled, returning a partial result")
        return "partial"
    return "full"


async def main():
    result = await asyncio.wait_for(stubborn(), timeout=1)
    print("wait_for returned", result)


asyncio.run(main())
