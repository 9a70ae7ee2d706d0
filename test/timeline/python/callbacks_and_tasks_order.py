import asyncio


async def task_body(name):
    print(f"task {name} step 1")
    await asyncio.sleep(0)
    print(f"task {name} step 2")


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(print, "callback A")
    asyncio.create_task(task_body("x"))
    loop.call_soon(print, "callback B")
    asyncio.create_task(task_body("y"))
    print("main yields")
    await asyncio.sleep(0)
    print("main back")
    await asyncio.sleep(0)
    print("main done")


asyncio.run(main())
