import asyncio


async def light(event):
    for phase in ["green", "red", "green"]:
        if phase == "green":
            event.set()
        else:
            event.clear()
        print(f"light is {phase}")
        await asyncio.sleep(1)


async def car(name, event, delay):
    await asyncio.sleep(delay)
    print(f"{name} arrives")
    await event.wait()
    print(f"{name} drives through")


async def main():
    event = asyncio.Event()
    await asyncio.gather(light(event), car("bus", event, 0.5), car("van", event, 1.5))


asyncio.run(main())
