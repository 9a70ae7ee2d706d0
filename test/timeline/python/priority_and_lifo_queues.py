import asyncio
async def main():
    q = asyncio.PriorityQueue()
    for item in [(3, "c"), (1, "a"), (2, "b"), (1, "a2"), (5, "e"), (0, "z")]:
        q.put_nowait(item)
    while not q.empty():
        print(await q.get())
    l = asyncio.LifoQueue()
    for i in range(3):
        await l.put(i)
    print([l.get_nowait() for _ in range(3)])
    print(hex(255), bin(5), oct(8), "items in priority order, then LIFO")
asyncio.run(main())
