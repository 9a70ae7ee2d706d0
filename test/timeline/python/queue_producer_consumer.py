import asyncio


async def producer(queue):
    for i in range(4):
        await asyncio.sleep(0.5)
        await queue.put(i)
        print(f"produced {i}")
    await queue.put(None)


async def consumer(queue):
    while True:
        item = await queue.get()
        if item is None:
            print("consumer done")
            break
        print(f"consuming {item}")
        await asyncio.sleep(1)
        print(f"consumed {item}")


async def main():
    queue = asyncio.Queue()
    await asyncio.gather(producer(queue), consumer(queue))


asyncio.run(main())
