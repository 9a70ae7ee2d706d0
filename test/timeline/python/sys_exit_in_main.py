import asyncio
import sys


async def main():
    print("checking configuration")
    await asyncio.sleep(0.5)
    print("configuration missing, exiting")
    sys.exit(2)


asyncio.run(main())
print("not reached")
