"""A tour of the Python pitfalls Loop Lens flags — one of each, in code that looks plausible."""
import asyncio
import queue
import subprocess
import threading
from pathlib import Path

import requests

jobs = queue.Queue()
ready = threading.Event()


async def fetch_profile(user_id: int) -> dict:
    # py/blocking-http: the whole loop waits for the HTTP round trip.
    return requests.get(f"https://api.example.com/users/{user_id}", timeout=5).json()


async def build(path: str) -> None:
    subprocess.run(["make", "-C", path], check=True)  # py/blocking-subprocess
    Path(path, "build.log").write_text("done")  # py/blocking-file-io


async def confirm() -> bool:
    return input("continue? ") == "y"  # py/blocking-input


async def consume() -> None:
    ready.wait()  # py/blocking-sync-primitive
    item = jobs.get()  # py/blocking-sync-primitive
    loop = asyncio.get_event_loop()  # py/get-event-loop
    loop.call_soon(print, item)


async def is_healthy() -> bool:
    await asyncio.sleep(0)
    return True


async def save(record: dict) -> None:
    await asyncio.sleep(0.01)


async def handle(record: dict) -> None:
    save(record)  # py/unawaited-coroutine
    if not is_healthy():  # py/coroutine-in-condition
        return
    asyncio.create_task(save(record))  # py/dangling-task


async def worker(tasks: asyncio.Queue) -> None:
    while True:
        try:
            record = await tasks.get()
        except asyncio.CancelledError:  # py/swallowed-cancellation
            return
        await save(record)


class Service:
    def __init__(self) -> None:
        self.started = False

    async def wait_started(self) -> None:
        while not self.started:  # py/busy-loop
            pass


def load(client):
    return await client.fetch()  # py/await-outside-async


async def save_all(records: list) -> None:
    for record in records:
        await save(record)  # py/await-in-loop


async def greeting(name: str) -> str:  # py/async-without-await
    return f"hello {name}"


async def main() -> None:
    await handle({"id": 1})


main()  # py/missing-asyncio-run
