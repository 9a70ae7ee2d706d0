import asyncio


async def hello(name, delay):
    await asyncio.sleep(delay)
    print("hello", name)
    return delay


loop = asyncio.get_event_loop()
print(loop.run_until_complete(asyncio.gather(hello("world", 1), hello("there", 0.5))))
loop.run_until_complete(hello("again", 0.2))
loop.close()
print("closed")
