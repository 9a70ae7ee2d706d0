import asyncio

import redis.asyncio as aioredis


async def listen(client):
    pubsub = client.pubsub()
    await pubsub.subscribe("events")
    async for message in pubsub.listen():
        print("received", message)
    print("listener done")


async def main():
    client = aioredis.from_url("redis://localhost")
    task = asyncio.create_task(listen(client))
    await client.set("counter", 1)
    value = await client.get("counter")
    print("counter is", value)
    await task
    await client.close()


asyncio.run(main())
