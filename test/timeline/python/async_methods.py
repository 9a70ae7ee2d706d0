import asyncio


class Cache:
    def __init__(self):
        self.data = {}
        self.hits = 0

    async def get(self, key):
        if key in self.data:
            self.hits += 1
            return self.data[key]
        print(f"miss {key}: loading")
        await asyncio.sleep(1)
        self.data[key] = key.upper()
        return self.data[key]


async def main():
    cache = Cache()
    print(await cache.get("a"))
    print(await cache.get("a"))
    results = await asyncio.gather(cache.get("b"), cache.get("c"))
    print(results, "hits:", cache.hits)


asyncio.run(main())
