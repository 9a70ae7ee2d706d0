/**
 * A plain copy of the tree-sitter tree the interpreter walks: reading WASM nodes
 * from JavaScript is slow, so the tree is converted once per prediction.
 */
import type { Tree } from 'web-tree-sitter';

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
  /** Path of the file the node comes from, when it is not the predicted file (an imported workspace module). */
  readonly file?: string | undefined;
}

const NO_NODES: SyntaxNode[] = [];
const NO_FIELDS = new Map<string, SyntaxNode[]>();
const NO_NAMES: (string | null)[] = [];

/** Leaves (most nodes) share the empty lists: allocation, not the walk, dominated the copy. */
class Syntax implements SyntaxNode {
  named: SyntaxNode[] = NO_NODES;
  children: SyntaxNode[] = NO_NODES;
  fields: Map<string, SyntaxNode[]> = NO_FIELDS;
  childFields: (string | null)[] = NO_NAMES;
  constructor(
    private readonly source: string,
    readonly type: string,
    readonly isNamed: boolean,
    private readonly startIndex: number,
    private readonly endIndex: number,
    readonly startRow: number,
    readonly startCol: number,
    readonly endRow: number,
    readonly endCol: number,
    readonly hasError: boolean,
    readonly file: string | undefined,
  ) {}
  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }
}

/** Copies the tree with one cursor walk (far cheaper than per-node WASM calls). */
export function convertTree(tree: Tree, source: string, file?: string): SyntaxNode {
  const cursor = tree.walk();
  try {
    const make = (): Syntax => {
      const start = cursor.startPosition;
      const end = cursor.endPosition;
      const type = cursor.nodeType;
      return new Syntax(source, type, cursor.nodeIsNamed, cursor.startIndex, cursor.endIndex, start.row, start.column, end.row, end.column, type === 'ERROR' || cursor.nodeIsMissing, file);
    };
    const root = make();
    const stack: Syntax[] = [root];
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const parent = stack[stack.length - 1]!;
      const type = cursor.nodeType;
      let descended = false;
      if (type !== 'comment') {
        const node = make();
        const fieldName = cursor.currentFieldName;
        if (parent.children === NO_NODES) {
          parent.children = [];
          parent.childFields = [];
        }
        parent.children.push(node);
        parent.childFields.push(fieldName);
        if (node.isNamed) {
          if (parent.named === NO_NODES) parent.named = [];
          parent.named.push(node);
        }
        if (fieldName) {
          if (parent.fields === NO_FIELDS) parent.fields = new Map();
          const list = parent.fields.get(fieldName);
          if (list) list.push(node);
          else parent.fields.set(fieldName, [node]);
        }
        if (cursor.gotoFirstChild()) {
          stack.push(node);
          descended = true;
        }
      }
      if (descended) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || stack.length === 1) return root;
        stack.pop();
      }
    }
  } finally {
    cursor.delete();
  }
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
