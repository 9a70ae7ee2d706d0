import asyncio


async def sensor_readings(count):
    for i in range(count):
        await asyncio.sleep(0.5)
        yield {"seq": i, "value": 20 + i * 0.5}


async def main():
    total = 0.0
    async for reading in sensor_readings(4):
        total += reading["value"]
        print(f"reading {reading['seq']}: {reading['value']:.1f}")
    print(f"average {total / 4:.2f}")


asyncio.run(main())
