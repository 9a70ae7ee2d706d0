import asyncio

from jobs import Job, Status, run_all


async def main():
    jobs = [Job("build", 0.2), Job("lint", 0.1), Job("test", 0.3, fail=True), Job("docs", 0.1)]
    errors = await run_all(jobs)
    for job in jobs:
        print(job.name, job.status.value, job.log)
    print("errors:", [str(e) for e in errors])
    print(Status.DONE in {j.status for j in jobs})


if __name__ == "__main__":
    asyncio.run(main())
