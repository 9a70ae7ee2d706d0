import asyncio
import time

import httpx


async def main():
    t0 = time.perf_counter()
    async with httpx.AsyncClient(timeout=5) as client:
        for path in ["/users", "/orders", "/items"]:
            r = await client.get(f"https://api.example.com{path}")
            print(f"{path}: {r.status_code}")
        responses = await asyncio.gather(*(client.get(f"https://api.example.com/page/{n}") for n in range(5)))
        print(f"{len(responses)} pages")


asyncio.run(main())
