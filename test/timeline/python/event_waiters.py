import asyncio


async def waiter(name, event):
    print(f"{name} waiting")
    await event.wait()
    print(f"{name} released")


async def main():
    event = asyncio.Event()
    tasks = [asyncio.create_task(waiter(f"w{i}", event)) for i in range(3)]
    await asyncio.sleep(2)
    print("setting the event")
    event.set()
    await asyncio.gather(*tasks)
    print("is_set:", event.is_set())


asyncio.run(main())
