/** At most `limit` operations at once; the others wait in line. */
export class RateLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number, private readonly cooldownMs: number) {}

  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
  }

  release(): void {
    setTimeout(() => {
      this.active--;
      this.waiting.shift()?.();
    }, this.cooldownMs);
  }
}
