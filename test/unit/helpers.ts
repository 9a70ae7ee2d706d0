/** Shared set-up for unit tests: one parser for the process, fixture paths, marker parsing. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceParser } from '../../src/parsing';

export const REPO_ROOT = process.cwd();
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');

let shared: SourceParser | undefined;
export function sharedParser(): SourceParser {
  shared ??= new SourceParser();
  return shared;
}

export function readFixture(...parts: string[]): string {
  return readFileSync(join(FIXTURES, ...parts), 'utf8');
}

/** 1-based line numbers carrying `expect: <ruleId>` for `ruleId`. */
export function expectedLines(text: string, ruleId: string): number[] {
  const lines: number[] = [];
  text.split('\n').forEach((line, index) => {
    const match = /expect:\s*([\w/,\s-]+)/.exec(line);
    if (match && match[1]!.split(/[\s,]+/).includes(ruleId)) lines.push(index + 1);
  });
  return lines;
}

/** Deterministic PRNG (an LCG) so a failing edit script can be replayed from its seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
