import asyncio

background = set()


async def log_event(name, delay):
    await asyncio.sleep(delay)
    print(f"logged {name}")


async def handle_request(n):
    print(f"request {n} handled")
    task = asyncio.create_task(log_event(f"req-{n}", 2))
    background.add(task)
    task.add_done_callback(background.discard)


async def main():
    for n in range(3):
        await handle_request(n)
        await asyncio.sleep(0.3)
    print("pending logs:", len(background))
    await asyncio.sleep(2.5)
    print("pending logs:", len(background))


asyncio.run(main())
