import asyncio
from lib.ratelimit import RateLimiter
from lib import util
import lib.util as u2
from helpers import greet

async def main():
    rl = RateLimiter(2)
    async def job(i):
        async with rl:
            await asyncio.sleep(0.1)
            print(util.tag(i), greet())
    await asyncio.gather(*(job(i) for i in range(4)))
    print(u2 is util, util.__name__)

asyncio.run(main())
