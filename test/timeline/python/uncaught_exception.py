import asyncio


async def load(path):
    await asyncio.sleep(1)
    raise FileNotFoundError(f"no such file: {path}")


async def main():
    print("loading")
    data = await load("settings.toml")
    print("never reached", data)


asyncio.run(main())
print("after asyncio.run (not reached)")
