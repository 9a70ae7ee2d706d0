import asyncio

from .models import Job, Status


async def run_one(job: Job, sem: asyncio.Semaphore):
    async with sem:
        job.log.append("start")
        await asyncio.sleep(job.seconds)
        if job.fail:
            job.status = Status.FAILED
            raise RuntimeError(f"{job.name} failed")
        job.status = Status.DONE
        print(f"{job.name} done")


async def run_all(jobs, limit=2):
    sem = asyncio.Semaphore(limit)
    results = await asyncio.gather(*(run_one(j, sem) for j in jobs), return_exceptions=True)
    return [r for r in results if isinstance(r, Exception)]
