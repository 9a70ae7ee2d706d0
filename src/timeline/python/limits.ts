/**
 * What one prediction may spend inside builtins: characters and elements it may
 * allocate (one object, and all together) and the work of bulk operations
 * (iteration, sorting, searching). A single object over the limit raises a
 * Python MemoryError the program can catch; the totals end the prediction with
 * a budget note, long before the host process suffers.
 */
import { BudgetExceeded, PyTypeErrorSignal } from './values';

/** Largest single string (characters) or container (16 units per element, 64 per dict/set entry). */
export const MAX_OBJECT_UNITS = 32 * 1024 * 1024;
/** All allocations of one prediction together. */
export const MAX_TOTAL_UNITS = 256 * 1024 * 1024;
/** Elements iterated, compared or copied by builtins in one prediction. */
export const MAX_WORK = 5_000_000;
/** Characters the program may print (the timeline carries all of them). */
export const MAX_OUTPUT_CHARS = 4 * 1024 * 1024;
export const ELEMENT_UNITS = 16;
export const ENTRY_UNITS = 64;

/** The spending of the prediction running now (simulations run synchronously, one at a time). */
class Meter {
  allocated = 0;
  work = 0;
  output = 0;
}

let meter = new Meter();

/** Starts a fresh account for a new simulation. */
export function resetMeter(): void {
  meter = new Meter();
}

function memoryError(): never {
  throw new PyTypeErrorSignal('', 'MemoryError');
}

/** Before building an object of `units`: MemoryError when it alone is too large, a budget stop when the total is. */
export function chargeUnits(units: number): void {
  if (!(units <= MAX_OBJECT_UNITS)) memoryError();
  meter.allocated += units;
  if (meter.allocated > MAX_TOTAL_UNITS) {
    throw new BudgetExceeded('stopped at the memory budget: the program allocated more strings and containers than the simulator allows', null);
  }
}

/** A string of `length` characters is about to be made. */
export function chargeChars(length: number): void {
  chargeUnits(length);
}

/** A list/tuple of `count` elements is about to be made. */
export function chargeItems(count: number): void {
  chargeUnits(count * ELEMENT_UNITS);
}

/** A container grows to `size` entries by one (dict/set insertion). */
export function chargeEntry(size: number): void {
  if (size * ENTRY_UNITS > MAX_OBJECT_UNITS) memoryError();
  chargeUnits(ENTRY_UNITS);
}

/** `text` is printed. */
export function chargeOutput(length: number): void {
  meter.output += length;
  if (meter.output > MAX_OUTPUT_CHARS) throw new BudgetExceeded('stopped at the output budget: the program printed more text than the timeline holds', null);
}

/** `n` elements of bulk work inside a builtin. */
export function chargeWork(n: number): void {
  meter.work += n;
  if (meter.work > MAX_WORK) {
    throw new BudgetExceeded('stopped at the work budget: builtins iterated, copied or compared more elements than the simulator allows', null);
  }
}

/** Iterates `items`, charging one unit of work per element. */
export function* counted<T>(items: Iterable<T>): Generator<T, void, undefined> {
  for (const item of items) {
    chargeWork(1);
    yield item;
  }
}

/** Collects an iterable (whose iteration charges its own work) into an array, failing before the array outgrows one object's limit. */
export function collect<T>(items: Iterable<T>): T[] {
  const out: T[] = [];
  for (const item of items) {
    out.push(item);
    if (out.length * ELEMENT_UNITS > MAX_OBJECT_UNITS) memoryError();
  }
  return out;
}

/** A string or list grows to `size` characters/elements by `added`: the object limit on the result, the total on what is new. */
export function chargeGrowth(size: number, added: number, perElement = 1): void {
  if (!(size * perElement <= MAX_OBJECT_UNITS)) memoryError();
  chargeUnits(added * perElement);
}
