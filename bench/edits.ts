/**
 * Realistic edit scripts: keystrokes typed and deleted one at a time, mostly
 * on new lines inside function bodies, some at the top level (which changes
 * a statement's signature and forces a full re-analysis).
 */
import type { Node, Tree } from 'web-tree-sitter';
import { captureGroups } from '../src/analysis/syntax';
import type { TextChange } from '../src/parsing';

export type Family = 'python' | 'typescript';

/** Small deterministic PRNG (mulberry32) so every run edits the same places. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BODY_QUERY: Record<Family, string> = {
  python: '(function_definition body: (block) @body)',
  typescript: '[(function_declaration body: (statement_block) @body) (method_definition body: (statement_block) @body) (arrow_function body: (statement_block) @body) (function_expression body: (statement_block) @body)]',
};

const BODY_STATEMENTS: Record<Family, readonly string[]> = {
  python: ['print(value)', 'await asyncio.sleep(0)', 'time.sleep(1)', 'result = compute(item)', 'pass', 'asyncio.create_task(worker())'],
  typescript: ['console.log(value);', 'await sleep(1);', 'void refresh();', 'fetchData();', 'const total = a + b;', 'items.forEach(async (x) => save(x));'],
};
const TOP_STATEMENTS: Record<Family, readonly string[]> = {
  python: ['import os', 'LIMIT = 10'],
  typescript: ['const LIMIT = 10;', 'let counter = 0;'],
};

export interface EditStep {
  readonly change: TextChange;
  /** The text after this change. */
  readonly text: string;
  readonly inBody: boolean;
}

/**
 * `count` single-keystroke edits of `text`. Each burst picks a line (in a
 * function body with probability `bodyShare`), presses Enter, types a
 * statement character by character, and then either deletes it again with
 * backspaces or keeps it.
 */
export function editScript(tree: Tree, text: string, family: Family, count: number, seed = 1, bodyShare = 0.85): EditStep[] {
  const next = random(seed);
  const bodies = (captureGroups(tree, BODY_QUERY[family]).get('body') ?? []).filter((n: Node) => n.endPosition.row > n.startPosition.row);
  if (bodies.length === 0) throw new Error('edit script: no multi-line function bodies in the file');
  const steps: EditStep[] = [];
  let current = text;
  let shift = 0; // text kept by earlier bursts moves later offsets; bursts stay before/after tracked by `shift` only approximately, so offsets are re-clamped to line ends.
  const push = (change: TextChange, inBody: boolean): void => {
    current = current.slice(0, change.rangeOffset) + change.text + current.slice(change.rangeOffset + change.rangeLength);
    steps.push({ change, text: current, inBody });
  };
  while (steps.length < count) {
    const inBody = next() < bodyShare;
    let at: number;
    let indent: string;
    let statements: readonly string[];
    if (inBody) {
      const body = bodies[Math.floor(next() * bodies.length)]!;
      // A line end inside the body (offsets of the original text, moved by what earlier bursts kept).
      const start = Math.min(current.length, body.startIndex + shift);
      const end = Math.min(current.length, body.endIndex + shift);
      const target = start + Math.floor(next() * Math.max(1, end - start));
      at = lineEnd(current, target);
      indent = family === 'python' ? ' '.repeat(body.startPosition.column) : `${leadingSpaces(current, at)}`;
      statements = BODY_STATEMENTS[family];
    } else {
      // After a top-level statement: the end of the line before a line that starts in column 0.
      at = topLevelLineEnd(current, Math.floor(next() * current.length));
      indent = '';
      statements = TOP_STATEMENTS[family];
    }
    const statement = statements[Math.floor(next() * statements.length)]!;
    const keep = next() < 0.3;
    push({ rangeOffset: at, rangeLength: 0, text: `\n${indent}` }, inBody);
    let cursor = at + 1 + indent.length;
    for (const ch of statement) {
      if (steps.length >= count) break;
      push({ rangeOffset: cursor, rangeLength: 0, text: ch }, inBody);
      cursor++;
    }
    const typed = cursor - at;
    if (keep) {
      shift += typed;
      continue;
    }
    for (let i = cursor; i > at + 1 + indent.length && steps.length < count; i--) push({ rangeOffset: i - 1, rangeLength: 1, text: '' }, inBody);
    if (steps.length < count) push({ rangeOffset: at, rangeLength: 1 + indent.length, text: '' }, inBody);
    // An interrupted burst leaves text behind; later offsets move with it.
    shift += current.length - (text.length + shift);
  }
  return steps.slice(0, count);
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end;
}

function leadingSpaces(text: string, lineEndOffset: number): string {
  const start = text.lastIndexOf('\n', lineEndOffset - 1) + 1;
  const match = /^[ \t]*/.exec(text.slice(start, lineEndOffset));
  return match ? match[0] : '';
}

function topLevelLineEnd(text: string, offset: number): number {
  // The first line at or after `offset` that starts in column 0 with code; insert before it.
  const re = /\n(?=[A-Za-z@_])/g;
  re.lastIndex = offset;
  const match = re.exec(text);
  return match ? match.index : lineEnd(text, 0);
}
