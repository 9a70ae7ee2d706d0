/**
 * Values from modules the simulator does not model (aiohttp, requests, …):
 * every attribute, call, await or `async with` on them works and yields
 * another opaque value, so the provable order is kept, and each use leaves an
 * `approximate` note saying that its duration and result are unknown.
 */
import type { Interpreter } from './interpreter';
import { NativeObject, PyBuiltin, PyCoroutine, type Value } from './values';

export class OpaqueValue extends NativeObject {
  readonly typeName = 'unknown';
  constructor(private readonly interp: Interpreter, readonly label: string) {
    super();
  }

  getAttr(name: string): Value | undefined {
    const { interp } = this;
    switch (name) {
      case '__call__':
        return new PyBuiltin(this.label, () => {
          interp.rec.note('approximate', `${this.label}() is not modelled: its duration and result are unknown`, interp.currentNode);
          return new OpaqueValue(interp, `${this.label}()`);
        });
      case '__aenter__':
      case '__aexit__':
        const label = this.label;
        return new PyBuiltin(name, () => {
          const c = new PyCoroutine(name, function* () {
            return name === '__aexit__' ? null : new OpaqueValue(interp, label);
          }, interp.currentNode);
          return c;
        });
      case '__enter__':
        return new PyBuiltin(name, () => this);
      case '__exit__':
        return new PyBuiltin(name, () => null);
      case '__repr__':
        interp.rec.note('approximate', `the printed value of ${this.label} is unknown`, interp.currentNode);
        return `<${this.label}>`;
      case '__iter_items__':
        interp.rec.note('approximate', `iterating ${this.label}: its items are unknown (treated as empty)`, interp.currentNode);
        return undefined;
      default:
        return new OpaqueValue(interp, `${this.label}.${name}`);
    }
  }
}
