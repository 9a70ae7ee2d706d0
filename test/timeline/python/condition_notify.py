import asyncio


async def consumer(cond, name, stock):
    async with cond:
        print(f"{name} waits for stock")
        await cond.wait_for(lambda: stock["items"] > 0)
        stock["items"] -= 1
        print(f"{name} took an item, {stock['items']} left")


async def main():
    cond = asyncio.Condition()
    stock = {"items": 0}
    consumers = [asyncio.create_task(consumer(cond, n, stock)) for n in ("ann", "bob", "cat")]
    await asyncio.sleep(1)
    async with cond:
        stock["items"] = 2
        print("restocked 2, notify all")
        cond.notify_all()
    await asyncio.sleep(1)
    async with cond:
        stock["items"] += 1
        print("restocked 1, notify one")
        cond.notify()
    await asyncio.gather(*consumers)
    print("everyone served")


asyncio.run(main())
