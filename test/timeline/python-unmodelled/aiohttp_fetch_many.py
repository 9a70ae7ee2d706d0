import asyncio
import time

import aiohttp

URLS = ["https://example.com/a", "https://example.com/b", "https://example.com/c"]


async def fetch(session, url):
    async with session.get(url) as resp:
        body = await resp.text()
        return url, body


async def main():
    start = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        for url in URLS[:2]:
            _, body = await fetch(session, url)
            print(f"sequential {url}")
        results = await asyncio.gather(*(fetch(session, u) for u in URLS))
        print(f"gathered {len(results)}")
        print(results[0][1])


asyncio.run(main())
