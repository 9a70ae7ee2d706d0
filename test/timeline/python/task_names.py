import asyncio


async def fetch(resource):
    await asyncio.sleep(0.5)
    print("current task:", asyncio.current_task().get_name())
    return resource


async def main():
    print("main task:", asyncio.current_task().get_name())
    named = asyncio.create_task(fetch("users"), name="users-loader")
    anonymous = asyncio.create_task(fetch("orders"))
    print(named.get_name(), anonymous.get_name())
    print(await named, await anonymous)


asyncio.run(main())
