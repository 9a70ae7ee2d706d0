type Job<T> = { id: number; run: () => Promise<T> };

class JobQueue<T> {
  private jobs: Job<T>[] = [];
  private active = 0;
  private nextId = 1;
  constructor(private readonly concurrency: number) {}

  enqueue(run: () => Promise<T>): number {
    const id = this.nextId++;
    this.jobs.push({ id, run });
    queueMicrotask(() => this.pump());
    return id;
  }

  private pump(): void {
    while (this.active < this.concurrency && this.jobs.length > 0) {
      const job = this.jobs.shift()!;
      this.active++;
      job.run()
        .then((r) => console.log(`job ${job.id} ok: ${r}`))
        .catch((e: Error) => console.log(`job ${job.id} failed: ${e.message}`))
        .finally(() => {
          this.active--;
          this.pump();
        });
    }
  }
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const q = new JobQueue<string>(2);
q.enqueue(async () => { await delay(30); return 'resize'; });
q.enqueue(async () => { await delay(10); throw new Error('bad input'); });
q.enqueue(async () => { await delay(10); return 'upload'; });
q.enqueue(async () => 'noop');
console.log('enqueued 4 jobs');
