import asyncio

balance = 100


async def withdraw(name, amount, lock):
    global balance
    async with lock:
        print(f"{name} holds the lock")
        current = balance
        await asyncio.sleep(1)
        balance = current - amount
        print(f"{name} withdrew {amount}, balance {balance}")


async def main():
    lock = asyncio.Lock()
    await asyncio.gather(withdraw("alice", 30, lock), withdraw("bob", 50, lock), withdraw("carol", 10, lock))
    print("final balance", balance)


asyncio.run(main())
