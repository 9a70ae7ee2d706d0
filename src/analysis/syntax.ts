/** Small, language-neutral helpers over web-tree-sitter nodes and queries. */
import { Query, type Language, type Node, type Tree } from 'web-tree-sitter';

/** True when the node's own tokens include the `async` keyword (def, function, arrow, method). */
export function hasAsyncKeyword(node: Node): boolean {
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (!child) continue;
    if (child.type === 'async') return true;
    // The keyword always precedes the name/parameters/body.
    if (child.isNamed && child.type !== 'decorator' && child.type !== 'accessibility_modifier') break;
  }
  return false;
}

/** Innermost ancestor (excluding `node`) whose type is in `types`. */
export function closestAncestor(node: Node, types: ReadonlySet<string>): Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if (types.has(current.type)) return current;
  }
  return null;
}

export function unwrapParentheses(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression' && current.namedChildCount === 1) {
    current = current.namedChild(0)!;
  }
  return current;
}

/** The node as its context sees it: climbs out of enclosing parentheses; returns the outermost wrapper and its parent. */
export function climbParentheses(node: Node): { child: Node; parent: Node | null } {
  let child = node;
  let parent = node.parent;
  while (parent?.type === 'parenthesized_expression') {
    child = parent;
    parent = parent.parent;
  }
  return { child, parent };
}

export function sameNode(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.id === b.id;
}

/**
 * Visits descendants depth-first; `visit` returning false skips the node's
 * children. With `only`, nodes of other types are stepped through without
 * being visited (nor built: each Node object costs a WASM round trip), and
 * always entered.
 */
export function walkDescendants(root: Node, visit: (node: Node) => boolean | void, only?: ReadonlySet<string>): void {
  const cursor = root.walk();
  try {
    // The cursor cannot leave `root`: going up from its first level ends the walk.
    if (!cursor.gotoFirstChild()) return;
    for (;;) {
      const enter = only && !only.has(cursor.nodeType) ? true : visit(cursor.currentNode) !== false;
      if (enter && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || cursor.nodeId === root.id) return;
      }
    }
  } finally {
    cursor.delete();
  }
}

/**
 * Compiled queries are expensive to build and must be deleted; one cache per
 * grammar keeps each query alive for the life of the process.
 */
const queryCache = new WeakMap<Language, Map<string, Query>>();

export function compiledQuery(language: Language, source: string): Query {
  let perLanguage = queryCache.get(language);
  if (!perLanguage) {
    perLanguage = new Map();
    queryCache.set(language, perLanguage);
  }
  let query = perLanguage.get(source);
  if (!query) {
    query = new Query(language, source);
    perLanguage.set(source, query);
  }
  return query;
}

/** A UTF-16 offset range of the analysed text. */
export interface IndexRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Captures grouped by capture name, in document order. With `ranges`, only
 * nodes that intersect those ranges are captured (incremental re-analysis).
 */
/**
 * Each ranged query starts again from the root, so thousands of ranges (an
 * edit that touches thousands of top-level statements) cost O(ranges × file):
 * a fuzzed 57 KB file took 40 s. Past this many ranges, one query covers them
 * all and its captures are filtered to the ranges.
 */
const MAX_SEPARATE_RANGE_QUERIES = 16;

function capturesInRanges(query: Query, tree: Tree, ranges: readonly IndexRange[]): ReturnType<Query['captures']> {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  const endsSorted = sorted.every((range, i) => i === 0 || sorted[i - 1]!.end <= range.end);
  const overlaps = (range: IndexRange, start: number, end: number): boolean => (start < range.end && end > range.start) || (start === end && start >= range.start && start <= range.end);
  const endIndex = Math.max(...sorted.map((range) => range.end));
  // What the ranged queries return: captures whose node overlaps a range, once per range it overlaps.
  return query.captures(tree.rootNode, { startIndex: sorted[0]!.start * 2, endIndex: endIndex * 2 }).flatMap((capture) => {
    const { startIndex: start, endIndex: end } = capture.node;
    if (!endsSorted) return sorted.filter((range) => overlaps(range, start, end)).map(() => capture);
    // First range that ends at or after the node's start, then every following range that starts before its end.
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (sorted[mid]!.end < start) low = mid + 1;
      else high = mid;
    }
    const hits = [];
    for (let i = low; i < sorted.length && sorted[i]!.start <= end; i++) if (overlaps(sorted[i]!, start, end)) hits.push(capture);
    return hits;
  });
}

export function captureGroups(tree: Tree, source: string, ranges?: readonly IndexRange[]): Map<string, Node[]> {
  const query = compiledQuery(tree.language, source);
  const groups = new Map<string, Node[]>();
  // web-tree-sitter reports node offsets in UTF-16 code units but passes query
  // range options to the C library unchanged, where they are UTF-16 *bytes*.
  const captures = !ranges
    ? query.captures(tree.rootNode)
    : ranges.length <= MAX_SEPARATE_RANGE_QUERIES
      ? ranges.flatMap((range) => query.captures(tree.rootNode, { startIndex: range.start * 2, endIndex: range.end * 2 }))
      : capturesInRanges(query, tree, ranges);
  for (const capture of captures) {
    let list = groups.get(capture.name);
    if (!list) groups.set(capture.name, (list = []));
    list.push(capture.node);
  }
  return groups;
}

/** Indentation (spaces/tabs) at the start of the line containing `offset`. */
export function indentationAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const match = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200));
  return match ? match[0] : '';
}
