import asyncio
import time

START = 0.0


def on_timer():
    print(f"timer fired at {int(time.monotonic() - START)}s (was due at 1s)")


async def main():
    global START
    START = time.monotonic()
    loop = asyncio.get_running_loop()
    loop.call_later(1, on_timer)
    print("blocking for 3s with time.sleep")
    time.sleep(3)
    print("done blocking")
    await asyncio.sleep(0)
    print("main resumed")
    await asyncio.sleep(1)


asyncio.run(main())
