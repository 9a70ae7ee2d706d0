import asyncio
import time


class TTLCache:
    def __init__(self, ttl):
        self.ttl = ttl
        self.values = {}
        self.inflight = {}

    async def get(self, key, loader):
        entry = self.values.get(key)
        if entry and entry[1] > time.monotonic():
            return entry[0]
        if key in self.inflight:
            return await self.inflight[key]
        fut = asyncio.ensure_future(loader(key))
        self.inflight[key] = fut
        try:
            value = await fut
        finally:
            del self.inflight[key]
        self.values[key] = (value, time.monotonic() + self.ttl)
        return value


loads = 0


async def load_user(key):
    global loads
    loads += 1
    print(f"loading {key}")
    await asyncio.sleep(0.2)
    return {"id": key, "load": loads}


async def main():
    cache = TTLCache(ttl=0.5)
    a, b, c = await asyncio.gather(cache.get("u1", load_user), cache.get("u1", load_user), cache.get("u2", load_user))
    print(a, b, c)
    await asyncio.sleep(0.2)
    print("cached", await cache.get("u1", load_user))
    await asyncio.sleep(0.4)
    print("expired", await cache.get("u1", load_user))
    print("loads:", loads)


asyncio.run(main())
