/** Generators of huge and hostile files for the robustness tests (deterministic, no network, no node_modules). */
import { nested, prng } from './harness';

/**
 * A minified-looking bundle on one line, `bytes` long: many small functions with calls, closures, try/catch, promises.
 * With `wrapAt`, a line break follows once a line is about that long (a big but unminified file:
 * the analysis skips minified code, so tests that need a big JS file parsed use this).
 */
export function minifiedBundle(bytes: number, wrapAt?: number): string {
  const parts: string[] = ['"use strict";!function(){'];
  let size = parts[0]!.length;
  for (let i = 0; size < bytes - 200; i++) {
    const line = wrapAt !== undefined && i > 0 ? '\n' : '';
    const part = `${line}function f${i}(a,b){if(a>b){return a.map(function(x){return x*${i}}).filter(Boolean)}else{try{return g${i % 97}(b,"s${i}").then(function(r){return r.v${i % 13}})}catch(e){console.error(e,${i})}}}var v${i}=f${i}(${i},${i + 1});`;
    parts.push(part);
    size += part.length;
  }
  parts.push('}();');
  return parts.join('').slice(0, bytes - 4) + '\n';
}

/** A plausible Python module repeated until it is `bytes` long. */
export function hugePython(bytes: number): string {
  const block = (i: number): string => `\nasync def handler_${i}(request):\n    data = await fetch(request, timeout=${i})\n    if data:\n        time.sleep(0.${i % 10})\n    return data\n`;
  const parts = ['import asyncio\nimport time\n'];
  let size = parts[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const text = block(i);
    parts.push(text);
    size += text.length;
  }
  return parts.join('').slice(0, bytes);
}

/** Bytes of a binary file (an image or a compiled object renamed `.py`): deterministic noise with NULs. */
export function binaryBytes(length: number, seed = 42): Buffer {
  const next = prng(seed);
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(next() * 256);
  bytes.write('\u0089PNG\r\n\u001a\n', 0, 'latin1');
  return bytes;
}

/** A 10,000-deep nested expression (`depth` parentheses) in a file that is otherwise fine. */
export function deepExpression(depth: number, python: boolean): string {
  // Line breaks inside the parentheses (valid in both languages) keep it from looking minified: the depth is what is tested.
  const expression = nested(depth, python, 0).replace(/([()]{100})/g, '$1\n');
  return python ? `import asyncio\nx = ${expression}\n` : `const x = ${expression};\n`;
}
