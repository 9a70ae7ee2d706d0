// Process jobs with bounded concurrency.
const jobs = [
  { id: 'a', ms: 50 },
  { id: 'b', ms: 20 },
  { id: 'c', ms: 30 },
  { id: 'd', ms: 10 },
  { id: 'e', ms: 40 },
  { id: 'f', ms: 5 },
];

function runJob(job) {
  return new Promise((resolve) => {
    setTimeout(() => resolve(job.id.toUpperCase()), job.ms);
  });
}

async function pool(items, limit, worker) {
  const results = [];
  let index = 0;
  async function lane(n) {
    while (index < items.length) {
      const i = index++;
      console.log(`lane ${n} starts ${items[i].id}`);
      results[i] = await worker(items[i]);
      console.log(`lane ${n} finished ${items[i].id}`);
    }
  }
  await Promise.all(Array.from({ length: limit }, (_, n) => lane(n)));
  return results;
}

pool(jobs, 3, runJob).then((r) => console.log('results:', r.join(',')));
