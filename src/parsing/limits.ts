/** Decides whether a text is worth parsing at all: size cap and binary detection; and whether a tree is too deep to analyse. */
import type { Node } from 'web-tree-sitter';

export interface InputLimits {
  /** Files larger than this are skipped (from `looplens.maxFileSizeKb`). */
  readonly maxFileSizeKb: number;
  /** The file's path or name, for `*.min.js`-style names (optional). */
  readonly path?: string;
}

/** A line longer than this is minified or generated code, not something a person edits. */
export const MAX_LINE_LENGTH = 10_000;
/** Files over this size whose lines average more than MAX_MEAN_LINE_LENGTH are minified. */
const MIN_SIZE_FOR_MEAN = 20_000;
const MAX_MEAN_LINE_LENGTH = 400;
const MINIFIED_NAME = /\.min\.(?:js|mjs|cjs)$/i;
/** `@generated` (Meta, Buck, many code generators) or Go's `Code generated … DO NOT EDIT.`, near the top. */
const GENERATED_MARKER = /@generated\b|\bDO NOT EDIT\b/;

export const DEFAULT_MAX_FILE_SIZE_KB = 1024;
/** Wall-clock budget for one parse; past it the parse is cancelled and the file skipped. */
export const DEFAULT_PARSE_BUDGET_MS = 2000;
/**
 * Deepest syntax tree analysed. web-tree-sitter's `Node.parent` walks down from
 * the root (O(depth)), so the rules' and scopes' walks up the tree cost
 * O(depth²) per node: a 2,000-deep `f(f(f(…)))` took minutes. Real code stays
 * far below this (minified bundles ~60, deep JSX ~150; CPython itself rejects
 * 200 nested parentheses, which is a tree ~400 deep).
 */
export const MAX_TREE_DEPTH = 500;
/** Returns a human-readable reason when the text must not be analysed, else undefined. */
export function skipReason(text: string, limits: InputLimits): string | undefined {
  const maxChars = limits.maxFileSizeKb * 1024;
  if (text.length > maxChars) {
    return `file is ${Math.round(text.length / 1024)} KB, over the ${limits.maxFileSizeKb} KB limit (setting looplens.maxFileSizeKb)`;
  }
  if (looksBinary(text)) return 'file looks binary (contains NUL bytes)';
  return generatedReason(text, limits.path);
}

/**
 * Minified or generated code is skipped, as ESLint's and Ruff's users expect:
 * findings there cannot be acted on (the fix belongs in the source or the generator).
 */
export function generatedReason(text: string, path?: string): string | undefined {
  if (path && MINIFIED_NAME.test(path)) return 'minified file (*.min.js), not analysed';
  if (GENERATED_MARKER.test(text.slice(0, 2048))) return 'generated file (`@generated` / `DO NOT EDIT` marker near the top), not analysed';
  let lines = 0;
  let longest = 0;
  for (let start = 0; start <= text.length; lines++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end - start > longest) longest = end - start;
    start = end + 1;
  }
  if (longest > MAX_LINE_LENGTH) return `minified or generated code (a line of ${longest.toLocaleString('en-US')} characters), not analysed`;
  if (text.length > MIN_SIZE_FOR_MEAN && text.length / lines > MAX_MEAN_LINE_LENGTH) return `minified code (lines of ${Math.round(text.length / lines)} characters on average), not analysed`;
  return undefined;
}

export function looksBinary(text: string): boolean {
  const head = text.length > 8192 ? text.slice(0, 8192) : text;
  return head.includes('\u0000');
}

/**
 * True when some node lies deeper than `limit` below `root`. Only subtrees
 * with at least as many descendants as the remaining depth can hold such a
 * node, so this visits a few hundred nodes even in a 2 MB bundle (tens of ms).
 */
export function deeperThan(root: Node, limit: number): boolean {
  const stack: { node: Node; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth >= limit) return true;
    const needed = limit - depth;
    // One call for all children: nextSibling walks from the parent each time.
    for (const child of node.children) if (child && child.descendantCount >= needed) stack.push({ node: child, depth: depth + 1 });
  }
  return false;
}
