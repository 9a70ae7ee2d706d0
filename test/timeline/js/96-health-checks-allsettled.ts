interface Check { name: string; latency: number; healthy: boolean }

const checks: Check[] = [
  { name: 'postgres', latency: 20, healthy: true },
  { name: 'redis', latency: 5, healthy: true },
  { name: 'search', latency: 35, healthy: false },
];

function probe(c: Check): Promise<string> {
  return new Promise((resolve, reject) =>
    setTimeout(() => (c.healthy ? resolve(`${c.name} up`) : reject(new Error(`${c.name} down`))), c.latency),
  );
}

async function health(): Promise<void> {
  const started = Date.now();
  const results = await Promise.allSettled(checks.map(probe));
  const report = results.map((r, i) => ({
    service: checks[i]!.name,
    status: r.status === 'fulfilled' ? 'ok' : 'fail',
  }));
  console.table(report);
  const failing = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  console.log(`${failing.length} failing:`, failing.map((f) => (f.reason as Error).message));
  console.log('took at least 35ms:', Date.now() - started >= 35);
}

void health();
