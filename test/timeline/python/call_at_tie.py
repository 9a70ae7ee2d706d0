import asyncio


async def main():
    loop = asyncio.get_running_loop()
    when = loop.time() + 1
    loop.call_at(when, print, "first registered")
    loop.call_at(when, print, "second registered")
    loop.call_at(when + 1, print, "one second later")
    await asyncio.sleep(2.5)
    print("done")


asyncio.run(main())
