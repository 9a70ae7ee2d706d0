import asyncio


async def tag(name):
    await asyncio.sleep(0.5)
    return name


async def main():
    tags = set(await asyncio.gather(tag("alpha"), tag("beta"), tag("gamma"), tag("delta")))
    for t in tags:
        print("tag", t)
    print("count", len(tags), "sorted", sorted(tags))


asyncio.run(main())
