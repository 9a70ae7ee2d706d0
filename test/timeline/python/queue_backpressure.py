import asyncio


async def producer(queue):
    for i in range(5):
        await queue.put(i)
        print(f"put {i} (size {queue.qsize()})")
    print("producer finished")


async def consumer(queue):
    await asyncio.sleep(1)
    for _ in range(5):
        item = await queue.get()
        print(f"got {item}")
        await asyncio.sleep(0.5)


async def main():
    queue = asyncio.Queue(maxsize=2)
    await asyncio.gather(producer(queue), consumer(queue))


asyncio.run(main())
