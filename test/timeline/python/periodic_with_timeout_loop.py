import asyncio


async def poll(counter):
    counter["n"] += 1
    await asyncio.sleep(0.7)
    return counter["n"]


async def main():
    counter = {"n": 0}
    results = []
    while len(results) < 3:
        try:
            value = await asyncio.wait_for(poll(counter), timeout=0.5 if counter["n"] % 2 == 0 else 1)
            results.append(value)
            print("poll ok", value)
        except asyncio.TimeoutError:
            print("poll timed out", counter["n"])
    print(results)


asyncio.run(main())
