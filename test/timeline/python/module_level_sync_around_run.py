import asyncio
import sys

print("configuring")
settings = {"retries": 3}


async def main():
    for attempt in range(1, settings["retries"] + 1):
        print(f"attempt {attempt}")
        await asyncio.sleep(0.5)
    print("warning: all attempts used", file=sys.stderr)
    return "exhausted"


status = asyncio.run(main())
print("status:", status)
print("second run:", asyncio.run(asyncio.sleep(1, result="slept")))
