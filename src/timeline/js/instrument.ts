/**
 * Instruments a program for tracing without changing when anything runs:
 * every `await x` becomes `__ll.r(id, await __ll.a(id, x))` (two plain
 * synchronous calls around the same await: no extra microtask ticks), and the
 * body of every async function is wrapped in `try { … } catch (e) { __ll.t(e);
 * throw e; }` so a rejection is seen where it starts. Only insertions are made,
 * never on new lines, so positions map back exactly through `PositionMap`.
 * Pass the grammar's own Language object (the loader's): its compiled query is cached per Language.
 */
import type { Language, Node as SyntaxNode } from 'web-tree-sitter';
import { compiledQuery } from '../../analysis/syntax';
import type { SourceSpan } from '../model';

export interface Instrumented {
  readonly text: string;
  readonly positions: PositionMap;
  /** Await id → the span of the `await` expression in the original text. */
  readonly awaits: readonly SourceSpan[];
}

interface Insertion {
  readonly offset: number;
  readonly text: string;
  /** Closers of nodes ending at an offset go before openers of nodes starting there. */
  readonly closer: boolean;
  /** Pre-order number of the node: outer openers first, inner closers first. */
  readonly order: number;
}

/** Maps (line, column) of the instrumented text back to the original text (both 0-based). */
export class PositionMap {
  /** Per original line: [original column, inserted length] in increasing column order. */
  private readonly lines = new Map<number, [number, number][]>();

  add(line: number, column: number, length: number): void {
    const list = this.lines.get(line) ?? [];
    list.push([column, length]);
    this.lines.set(line, list);
  }

  toOriginal(line: number, column: number): { line: number; column: number } {
    const list = this.lines.get(line);
    if (!list) return { line, column };
    let generated = 0;
    let original = 0;
    for (const [at, length] of list) {
      const startInGenerated = generated + (at - original);
      if (column < startInGenerated) break;
      if (column < startInGenerated + length) return { line, column: at };
      generated = startInGenerated + length;
      original = at;
    }
    return { line, column: original + (column - generated) };
  }
}

const FUNCTION_TYPES = new Set(['function_declaration', 'function_expression', 'arrow_function', 'method_definition']);

function isAsyncFunction(node: SyntaxNode): boolean {
  if (!FUNCTION_TYPES.has(node.type)) return false;
  let async = false;
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === 'async') async = true;
    if (child.type === '*') return false;
    if (child.type === 'formal_parameters' || child.type === 'statement_block') break;
  }
  return async;
}

function spanOf(node: SyntaxNode): SourceSpan {
  return {
    line: node.startPosition.row + 1, column: node.startPosition.column + 1,
    endLine: node.endPosition.row + 1, endColumn: node.endPosition.column + 1,
  };
}

const INSTRUMENT_QUERY = `
(await_expression) @node
(function_declaration) @node
(function_expression) @node
(arrow_function) @node
(method_definition) @node
`;

const CATCH = ' } catch (__llError) { __ll.t(__llError); throw __llError; }';

export function instrument(source: string, root: SyntaxNode, firstAwaitId = 0, language: Language = root.tree.language): Instrumented {
  const insertions: Insertion[] = [];
  const awaits: SourceSpan[] = [];
  let order = 0;
  const open = (offset: number, text: string): void => void insertions.push({ offset, text, closer: false, order });
  const close = (offset: number, text: string): void => void insertions.push({ offset, text, closer: true, order });
  // A compiled query finds the nodes (walking every node from JavaScript is slow); document order = pre-order.
  const query = compiledQuery(language, INSTRUMENT_QUERY);
  for (const { node } of query.captures(root)) {
    order++;
    if (node.type === 'await_expression') {
      if (node.hasError) continue;
      const argument = node.namedChildren.find((c) => c !== null);
      if (!argument) continue;
      const id = firstAwaitId + awaits.length;
      awaits.push(spanOf(node));
      open(node.startIndex, `__ll.r(${id}, `);
      open(argument.startIndex, `__ll.a(${id}, `);
      close(argument.endIndex, '))');
    } else if (isAsyncFunction(node) && !node.hasError) {
      const body = node.childForFieldName('body');
      if (body?.type === 'statement_block') {
        open(body.startIndex + 1, ' try {');
        close(body.endIndex - 1, `${CATCH} `);
      } else if (body) {
        open(body.startIndex, '{ try { return (');
        close(body.endIndex, `);${CATCH} }`);
      }
    }
  }
  // At one offset, text inserted later by an inner node must come after the outer node's closers.
  // At one offset: a node's own opener before its closer (an empty body), else closers before openers,
  // inner closers first and outer openers first.
  insertions.sort((a, b) => {
    if (a.offset !== b.offset) return a.offset - b.offset;
    if (a.order === b.order) return Number(a.closer) - Number(b.closer);
    if (a.closer !== b.closer) return Number(b.closer) - Number(a.closer);
    return a.closer ? b.order - a.order : a.order - b.order;
  });
  const positions = new PositionMap();
  const lineStarts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const parts: string[] = [];
  let last = 0;
  for (const insertion of insertions) {
    parts.push(source.slice(last, insertion.offset), insertion.text);
    last = insertion.offset;
    const line = lineOf(insertion.offset);
    positions.add(line, insertion.offset - lineStarts[line]!, insertion.text.length);
  }
  parts.push(source.slice(last));
  return { text: parts.join(''), positions, awaits };
}
