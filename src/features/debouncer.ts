/** One pending, replaceable timer per key (per document): debounced work that a newer request supersedes. */
export class KeyedDebouncer {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  /** Runs `work` after `delay` ms unless `key` is scheduled again or cancelled first. */
  schedule(key: string, delay: number, work: () => void): void {
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        work();
      }, delay),
    );
  }

  cancel(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
