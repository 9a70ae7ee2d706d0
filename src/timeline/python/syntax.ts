/**
 * A plain copy of the tree-sitter tree the interpreter walks: reading WASM nodes
 * from JavaScript is slow, so the tree is converted once per prediction.
 */
import type { Node, Tree } from 'web-tree-sitter';

export interface SyntaxNode {
  readonly type: string;
  /** Named children, comments excluded. */
  readonly named: readonly SyntaxNode[];
  /** Every child (anonymous tokens like `async`, `*`, `not` included), comments excluded. */
  readonly children: readonly SyntaxNode[];
  readonly fields: ReadonlyMap<string, readonly SyntaxNode[]>;
  /** Field name of each entry of `children`. */
  readonly childFields: readonly (string | null)[];
  readonly isNamed: boolean;
  readonly text: string;
  /** 0-based like tree-sitter. */
  readonly startRow: number;
  readonly startCol: number;
  readonly endRow: number;
  readonly endCol: number;
  readonly hasError: boolean;
}

export function convertTree(tree: Tree): SyntaxNode {
  return convert(tree.rootNode);
}

function convert(node: Node): SyntaxNode {
  const children: SyntaxNode[] = [];
  const childFields: (string | null)[] = [];
  const fields = new Map<string, SyntaxNode[]>();
  const count = node.childCount;
  for (let i = 0; i < count; i++) {
    const child = node.child(i);
    if (!child || child.type === 'comment') continue;
    const converted = convert(child);
    const field = node.fieldNameForChild(i);
    children.push(converted);
    childFields.push(field);
    if (field) {
      const list = fields.get(field);
      if (list) list.push(converted);
      else fields.set(field, [converted]);
    }
  }
  return {
    type: node.type,
    named: children.filter((c) => c.isNamed),
    children,
    fields,
    childFields,
    isNamed: node.isNamed,
    text: node.text,
    startRow: node.startPosition.row,
    startCol: node.startPosition.column,
    endRow: node.endPosition.row,
    endCol: node.endPosition.column,
    hasError: node.type === 'ERROR' || node.isMissing,
  };
}

export function field(node: SyntaxNode, name: string): SyntaxNode | null {
  return node.fields.get(name)?.[0] ?? null;
}

export function fieldAll(node: SyntaxNode, name: string): readonly SyntaxNode[] {
  return node.fields.get(name) ?? [];
}

export function hasToken(node: SyntaxNode, token: string): boolean {
  return node.children.some((c) => !c.isNamed && c.type === token);
}

/** 1-based line of a node. */
export function lineOf(node: SyntaxNode | null): number | undefined {
  return node ? node.startRow + 1 : undefined;
}

/** First line of a node's source, shortened, for step labels. */
export function labelOf(node: SyntaxNode): string {
  const first = node.text.split('\n')[0]!.trim();
  return first.length > 80 ? `${first.slice(0, 77)}…` : first;
}
