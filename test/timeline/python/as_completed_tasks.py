import asyncio


async def fetch(url, delay):
    await asyncio.sleep(delay)
    return f"{url} ({delay}s)"


async def main():
    tasks = [asyncio.create_task(fetch(u, d)) for u, d in [("a.com", 3), ("b.com", 1), ("c.com", 2)]]
    for next_done in asyncio.as_completed(tasks):
        result = await next_done
        print("completed:", result)


asyncio.run(main())
