import asyncio

seen = set()


async def visit(page, delay):
    await asyncio.sleep(delay)
    seen.add(page)
    print(f"visited {page}")


async def main():
    await asyncio.gather(visit(40, 1), visit(3, 0.5), visit(17, 1.5), visit(8, 0.2))
    print("pages seen:", seen)
    print("as a sorted list:", sorted(seen))
    print({5, 3, 9, 1, 7, 0, 2}, {100, 2}, set([10, 5, 7, 1]))


asyncio.run(main())
