import asyncio
import time

import requests


async def ticker():
    for i in range(4):
        print(f"tick {i}")
        await asyncio.sleep(0.05)


async def handler():
    await asyncio.sleep(0.01)
    resp = requests.get("https://example.com/slow")
    print("handler got", resp.status_code)


async def main():
    await asyncio.gather(ticker(), handler())


T0 = time.monotonic()
asyncio.run(main())
