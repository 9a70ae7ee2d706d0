import asyncio


async def use_printer(lock, name, pages):
    print(f"{name} wants the printer")
    async with lock:
        print(f"{name} prints {pages} pages")
        await asyncio.sleep(pages * 0.5)
    print(f"{name} released the printer")


async def main():
    lock = asyncio.Lock()
    jobs = [asyncio.create_task(use_printer(lock, n, p)) for n, p in [("ann", 2), ("ben", 1), ("cy", 3)]]
    await asyncio.sleep(0.1)
    print("locked?", lock.locked())
    await asyncio.wait(jobs)
    print("locked?", lock.locked())


asyncio.run(main())
