import asyncio
import time


async def fetch_report():
    time.sleep(1)
    return "report"


if __name__ == "__main__":
    asyncio.run(fetch_report())
