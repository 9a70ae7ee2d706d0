import asyncio

PAGES = {None: (["a", "b"], "p2"), "p2": (["c", "d"], "p3"), "p3": (["e"], None)}


async def fetch_page(token):
    await asyncio.sleep(0.1)
    return PAGES[token]


async def iterate_items():
    token = None
    while True:
        items, token = await fetch_page(token)
        for item in items:
            yield item
        if token is None:
            break


async def main():
    seen = []
    async for item in iterate_items():
        print("item", item)
        seen.append(item)
    upper = [x.upper() async for x in iterate_items() if x != "c"]
    print(seen, upper)


asyncio.run(main())
