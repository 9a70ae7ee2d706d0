import asyncio
import random

random.seed(1234)


async def call_with_jitter(name, attempts):
    for attempt in range(attempts):
        delay = round(0.05 * 2 ** attempt + random.uniform(0, 0.05), 3)
        print(f"{name}: attempt {attempt} failed, sleeping {delay}")
        await asyncio.sleep(delay)
    print(f"{name}: succeeded, token {random.randint(1000, 9999)}")


async def main():
    order = ["alpha", "beta", "gamma"]
    random.shuffle(order)
    print("order", order, random.choice(order))
    await asyncio.gather(*(call_with_jitter(n, 2) for n in order))


asyncio.run(main())
