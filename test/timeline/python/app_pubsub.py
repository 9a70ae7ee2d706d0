import asyncio
from collections import defaultdict


class Broker:
    def __init__(self):
        self.subscribers = defaultdict(list)

    def subscribe(self, topic):
        queue = asyncio.Queue()
        self.subscribers[topic].append(queue)
        return queue

    async def publish(self, topic, message):
        for queue in self.subscribers[topic]:
            await queue.put(message)


async def listener(name, queue):
    while True:
        msg = await queue.get()
        if msg is None:
            print(f"{name} stops")
            return
        print(f"{name} got {msg}")


async def main():
    broker = Broker()
    tasks = [
        asyncio.create_task(listener("audit", broker.subscribe("orders"))),
        asyncio.create_task(listener("mailer", broker.subscribe("orders"))),
        asyncio.create_task(listener("stats", broker.subscribe("clicks"))),
    ]
    await broker.publish("orders", "order#1")
    await asyncio.sleep(0.1)
    await broker.publish("clicks", "click#1")
    await broker.publish("orders", "order#2")
    for topic in ("orders", "clicks"):
        await broker.publish(topic, None)
    await asyncio.gather(*tasks)


asyncio.run(main())
