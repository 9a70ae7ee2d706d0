import asyncio

import aiohttp


async def download(session, name):
    print("start", name)
    async with session.get(f"https://cdn.example.com/{name}") as resp:
        data = await resp.read()
    print("finished", name)
    return name


async def main():
    async with aiohttp.ClientSession() as session:
        tasks = [asyncio.create_task(download(session, n)) for n in ("a.png", "b.png")]
        try:
            done = await asyncio.wait_for(asyncio.gather(*tasks), timeout=1.0)
            print("done", done)
        except asyncio.TimeoutError:
            print("timed out")
        slow = asyncio.create_task(download(session, "huge.iso"))
        try:
            await asyncio.wait_for(slow, timeout=0.15)
        except asyncio.TimeoutError:
            print("huge.iso timed out")


asyncio.run(main())
