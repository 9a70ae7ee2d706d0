import asyncio
import heapq
import itertools
from dataclasses import dataclass, field


@dataclass(order=True)
class Job:
    priority: int
    seq: int
    name: str = field(compare=False)
    duration: float = field(compare=False, default=0.1)


class Scheduler:
    def __init__(self):
        self._heap = []
        self._counter = itertools.count()
        self._wakeup = asyncio.Event()

    def submit(self, name, priority, duration=0.1):
        heapq.heappush(self._heap, Job(priority, next(self._counter), name, duration))
        self._wakeup.set()

    async def run(self, limit):
        done = 0
        while done < limit:
            if not self._heap:
                self._wakeup.clear()
                await self._wakeup.wait()
                continue
            job = heapq.heappop(self._heap)
            print(f"running {job.name} (p{job.priority})")
            await asyncio.sleep(job.duration)
            done += 1


async def main():
    s = Scheduler()
    s.submit("backup", 5)
    s.submit("email", 1)
    s.submit("report", 3)
    runner = asyncio.create_task(s.run(5))
    await asyncio.sleep(0.15)
    s.submit("alert", 0, 0.05)
    s.submit("cleanup", 9, 0.05)
    await runner
    print("all jobs done")


asyncio.run(main())
