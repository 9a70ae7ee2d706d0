"""A worker that looks fine to a JavaScript developer — and blocks its event loop."""
import asyncio
import time


async def fetch(name: str) -> str:
    await asyncio.sleep(0.1)
    return name.upper()


def load_config() -> dict:
    # Fine on its own, but it starts a second event loop.
    return {"name": asyncio.run(fetch("config"))}


async def worker(queue: asyncio.Queue) -> None:
    while not queue.empty():
        item = await queue.get()
        time.sleep(0.5)  # blocks every other task
        print("processed", item)


async def main() -> None:
    config = load_config()  # RuntimeError: asyncio.run() cannot be called from a running event loop
    print(config)
    queue: asyncio.Queue = asyncio.Queue()
    for item in range(3):
        queue.put_nowait(item)
    await asyncio.gather(worker(queue), worker(queue))


if __name__ == "__main__":
    asyncio.run(main())
