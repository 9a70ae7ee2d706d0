class Queue<T> {
  private items: T[] = [];
  constructor(private readonly name: string) {}
  push(item: T): number {
    return this.items.push(item);
  }
  async drain(delayMs: number): Promise<T[]> {
    const out: T[] = [];
    while (this.items.length > 0) {
      await new Promise<void>((resolve) => setTimeout(resolve, delayMs));
      const next = this.items.shift() as T;
      console.log(`${this.name}: ${String(next)}`);
      out.push(next);
    }
    return out;
  }
}
const q = new Queue<string>('jobs');
q.push('a');
q.push('b');
q.drain(15).then((all: string[]) => console.log('drained', all));
console.log('queued');
