import asyncio


async def leaf(name, delay):
    await asyncio.sleep(delay)
    print(f"leaf {name}")
    return name


async def branch(name):
    left = asyncio.create_task(leaf(name + ".L", 1))
    right = asyncio.create_task(leaf(name + ".R", 0.5))
    return [await left, await right]


async def main():
    trees = await asyncio.gather(branch("x"), branch("y"))
    print(trees)


asyncio.run(main())
