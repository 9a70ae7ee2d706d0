import asyncio
import time


class TokenBucket:
    def __init__(self, rate: float, capacity: int):
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.updated = time.monotonic()
        self.lock = asyncio.Lock()

    def _refill(self):
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    async def acquire(self):
        async with self.lock:
            while True:
                self._refill()
                if self.tokens >= 1:
                    self.tokens -= 1
                    return
                await asyncio.sleep((1 - self.tokens) / self.rate)


async def call_api(bucket, i, t0):
    await bucket.acquire()
    print(f"request {i} sent")


async def main():
    bucket = TokenBucket(rate=5, capacity=2)
    t0 = time.monotonic()
    await asyncio.gather(*(call_api(bucket, i, t0) for i in range(6)))
    print("done")


asyncio.run(main())
