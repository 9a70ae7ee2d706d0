# Loops forever in plain code and in a task that never awaits.
# expect-note: step budget
import asyncio

async def spin():
    n = 0
    while True:
        n += 1

asyncio.run(spin())
