import asyncio
from dataclasses import dataclass, field


@dataclass
class Job:
    name: str
    seconds: float
    tags: list = field(default_factory=list)
    done: bool = False


async def run(job):
    await asyncio.sleep(job.seconds)
    job.done = True
    print(f"{job.name} finished")
    return job


async def main():
    jobs = [Job("compile", 2), Job("lint", 0.5, ["fast"]), Job("test", 1.5)]
    finished = await asyncio.gather(*(run(j) for j in jobs))
    print(finished[1])
    print(sorted(j.name for j in finished if j.seconds > 1), Job("a", 1) == Job("a", 1))


asyncio.run(main())
