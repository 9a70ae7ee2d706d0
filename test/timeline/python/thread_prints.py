import asyncio
import time


def resize(image):
    time.sleep(1)
    print(f"thread: {image} resized")
    time.sleep(1)
    print(f"thread: {image} saved")
    return image


async def main():
    task = asyncio.create_task(asyncio.to_thread(resize, "cat.png"))
    await asyncio.sleep(0.5)
    print("loop: still free at 0.5s")
    await asyncio.sleep(1)
    print("loop: still free at 1.5s")
    print("loop: got", await task)


asyncio.run(main())
