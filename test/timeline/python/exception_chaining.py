import asyncio


class FetchError(Exception):
    pass


async def fetch():
    await asyncio.sleep(1)
    try:
        {}["token"]
    except KeyError as e:
        raise FetchError("could not fetch") from e


async def main():
    try:
        await fetch()
    except FetchError as e:
        print("FetchError:", e, "| cause:", repr(e.__cause__))
    try:
        raise ValueError("bad value")
    except ValueError:
        print("handled, now re-raising inside a task")
    task = asyncio.create_task(fetch())
    await asyncio.sleep(2)
    print("task done:", task.done(), "exception:", type(task.exception()).__name__)


asyncio.run(main())
