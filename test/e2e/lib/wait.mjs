// Bounded waiting on conditions. The e2e suite never sleeps for a fixed time:
// it polls a condition at a short interval and gives up with a descriptive
// error once the bound is reached.
import { setTimeout as delay } from 'node:timers/promises';

export class WaitTimeoutError extends Error {
  constructor(what, timeoutMs, last) {
    const detail = last === undefined ? '' : `; last value: ${describe(last)}`;
    super(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    this.name = 'WaitTimeoutError';
  }
}

function describe(value) {
  if (value instanceof Error) return value.message;
  try {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return text.length > 600 ? `${text.slice(0, 600)}…` : text;
  } catch {
    return String(value);
  }
}

/**
 * Calls `probe` until `accept(value)` holds, and returns that value.
 * A probe that throws counts as "not yet" (the DOM may be mid-render).
 */
export async function waitFor(what, probe, { timeout = 15_000, interval = 100, accept = Boolean } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) throw new WaitTimeoutError(what, timeout, last);
    await delay(interval);
  }
}
