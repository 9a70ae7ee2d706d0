/**
 * Node's resolution of a relative import, over the workspace files the
 * prediction was given: exact path, then the TypeScript and JavaScript
 * extensions (a `.js` specifier may name a `.ts` file), then `index` files.
 * Bare specifiers (packages) are unmodelled code; a relative file that is not
 * among the workspace files is treated as unmodelled too, never as an error
 * the real program might not raise.
 */
import { posix } from 'node:path';
import type { ReadText } from './moduleKind';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx', '.json'];

export function resolveImport(from: string, specifier: string, read: ReadText): { kind: 'file'; path: string } | { kind: 'missing' } | { kind: 'opaque' } {
  if (!specifier.startsWith('./') && !specifier.startsWith('../') && !specifier.startsWith('/') && specifier !== '.' && specifier !== '..') return { kind: 'opaque' };
  const base = specifier.startsWith('/') ? posix.normalize(specifier) : posix.join(posix.dirname(from), specifier);
  for (const candidate of candidates(base)) if (read(candidate) !== undefined) return { kind: 'file', path: candidate };
  return { kind: 'opaque' };
}

export function candidates(base: string): string[] {
  const list = [base];
  const jsExtension = /\.(m|c)?js$/.exec(base);
  if (jsExtension) {
    const stem = base.slice(0, -jsExtension[0].length);
    list.push(`${stem}.${jsExtension[1] ?? ''}ts`, `${stem}.tsx`);
  }
  for (const extension of EXTENSIONS) list.push(base + extension);
  for (const extension of EXTENSIONS) list.push(posix.join(base, `index${extension}`));
  return list;
}
