import asyncio
import logging

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
log = logging.getLogger("retry")


class TransientError(Exception):
    pass


attempts = {"count": 0}


async def flaky_fetch():
    attempts["count"] += 1
    await asyncio.sleep(0.05)
    if attempts["count"] < 3:
        raise TransientError(f"attempt {attempts['count']} failed")
    return {"status": "ok"}


async def retry(fn, retries=5, base_delay=0.1):
    for attempt in range(retries):
        try:
            return await fn()
        except TransientError as exc:
            delay = base_delay * 2 ** attempt
            print(f"retrying in {delay:.1f}s after: {exc}")
            await asyncio.sleep(delay)
    raise RuntimeError("gave up")


async def main():
    result = await retry(flaky_fetch)
    print("result", result)


asyncio.run(main())
