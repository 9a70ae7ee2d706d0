import asyncio
from .util import tag

class RateLimiter:
    def __init__(self, n):
        self.sem = asyncio.Semaphore(n)
    async def __aenter__(self):
        await self.sem.acquire()
        return self
    async def __aexit__(self, *exc):
        self.sem.release()
