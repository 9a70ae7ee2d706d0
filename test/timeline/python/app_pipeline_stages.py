import asyncio
import json


async def produce(out: asyncio.Queue):
    for i in range(4):
        await asyncio.sleep(0.05)
        await out.put(json.dumps({"id": i, "value": i * 10}))
    await out.put(None)


async def transform(inp: asyncio.Queue, out: asyncio.Queue):
    while (raw := await inp.get()) is not None:
        record = json.loads(raw)
        record["value"] += 1
        await asyncio.sleep(0.08)
        await out.put(record)
    await out.put(None)


async def sink(inp: asyncio.Queue):
    total = 0
    while (record := await inp.get()) is not None:
        total += record["value"]
        print(f"stored {record['id']} -> {record['value']}")
    return total


async def main():
    q1, q2 = asyncio.Queue(maxsize=1), asyncio.Queue(maxsize=1)
    _, _, total = await asyncio.gather(produce(q1), transform(q1, q2), sink(q2))
    print("total", total, json.dumps({"total": total, "ok": True}, sort_keys=True))


asyncio.run(main())
