import asyncio


async def racer(name, start, delay):
    await start.wait()
    await asyncio.sleep(delay)
    print(f"{name} crosses the line")


async def main():
    start = asyncio.Event()
    racers = [asyncio.create_task(racer(n, start, d)) for n, d in [("red", 2), ("blue", 1.5), ("green", 2.5)]]
    for count in (3, 2, 1):
        print(count)
        await asyncio.sleep(1)
    print("go!")
    start.set()
    await asyncio.gather(*racers)


asyncio.run(main())
