import asyncio


async def compute(x):
    await asyncio.sleep(1)
    return x * x


async def main():
    value = await asyncio.wait_for(compute(7), timeout=5)
    print("value", value)
    try:
        await asyncio.wait_for(compute(8), timeout=0.5)
    except TimeoutError:
        print("compute(8) timed out")
    print("end")


asyncio.run(main())
