import asyncio


async def long_job():
    print("long job begins")
    await asyncio.sleep(4)
    print("long job ends")


async def main():
    try:
        async with asyncio.timeout(1.5):
            await long_job()
    except TimeoutError:
        print("gave up after 1.5s")
    async with asyncio.timeout(3):
        await asyncio.sleep(1)
        print("finished within the deadline")


asyncio.run(main())
