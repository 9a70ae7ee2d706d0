/**
 * Decides whether Node runs a file as CommonJS or as an ES module: the
 * extension (.mjs/.mts vs .cjs/.cts), then module syntax in a .js file (Node
 * 20 detects import/export and top-level await), then the nearest
 * package.json "type". A .ts file is what its build makes of it: tsconfig.json
 * "module", then package.json "type", else CommonJS (tsc's and ts-node's
 * default), and the prediction says which it assumed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Node as SyntaxNode } from 'web-tree-sitter';

/** Reads a workspace file; undefined when it does not exist (or was not sent to the prediction). */
export type ReadText = (path: string) => string | undefined;

export const readFromDisk: ReadText = (path) => {
  try {
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
};

export interface ModuleKindDecision {
  readonly kind: 'commonjs' | 'esm';
  /** Why, when it was an assumption the user may want to know about. */
  readonly assumption?: string;
}

export function detectModuleKind(fileName: string, root: SyntaxNode, read: ReadText = readFromDisk): 'commonjs' | 'esm' {
  return decideModuleKind(fileName, root, read).kind;
}

export function decideModuleKind(fileName: string, root: SyntaxNode, read: ReadText = readFromDisk): ModuleKindDecision {
  const extension = /\.[^.\\/]+$/.exec(fileName)?.[0]?.toLowerCase();
  if (extension === '.mjs' || extension === '.mts') return { kind: 'esm' };
  if (extension === '.cjs' || extension === '.cts') return { kind: 'commonjs' };
  if (extension === '.ts' || extension === '.tsx') return typescriptKind(fileName, root, read);
  if (hasModuleSyntax(root)) return { kind: 'esm' };
  return { kind: packageType(fileName, read)?.kind ?? 'commonjs' };
}

function typescriptKind(fileName: string, root: SyntaxNode, read: ReadText): ModuleKindDecision {
  if (hasTopLevelAwait(root)) return { kind: 'esm', assumption: 'run as an ES module: it uses top-level await' };
  const config = nearest(fileName, 'tsconfig.json', read);
  if (config) {
    const module = /"module"\s*:\s*"([A-Za-z0-9]{1,20})"/i.exec(stripComments(config.text))?.[1]?.toLowerCase();
    if (module === 'commonjs') return { kind: 'commonjs', assumption: `run as CommonJS ("module": "commonjs" in ${config.path})` };
    if (module && /^es/.test(module)) return { kind: 'esm', assumption: `run as an ES module ("module": "${module}" in ${config.path})` };
  }
  const pkg = packageType(fileName, read);
  if (pkg) return { kind: pkg.kind, assumption: `run as ${pkg.kind === 'esm' ? 'an ES module' : 'CommonJS'} ("type" in ${pkg.path})` };
  return { kind: 'commonjs', assumption: 'run as CommonJS, the TypeScript compiler\'s and ts-node\'s default (no tsconfig.json "module" or package.json "type" says otherwise)' };
}

function stripComments(text: string): string {
  return text.replace(/\/\/[^\n]*/g, '');
}

function hasModuleSyntax(root: SyntaxNode): boolean {
  for (const child of root.namedChildren) {
    if (!child) continue;
    if (child.type === 'import_statement' && !child.children.some((c) => c?.type === 'import_require_clause')) return true;
    if (child.type === 'export_statement') return true;
    if (child.type !== 'function_declaration' && child.type !== 'class_declaration' && containsTopLevelAwait(child)) return true;
  }
  return false;
}

function hasTopLevelAwait(root: SyntaxNode): boolean {
  return root.namedChildren.some((child) => child !== null && child.type !== 'function_declaration' && child.type !== 'class_declaration' && containsTopLevelAwait(child));
}

function containsTopLevelAwait(node: SyntaxNode): boolean {
  if (node.type === 'await_expression') return true;
  if (node.type === 'for_in_statement' && node.children.some((c) => c?.type === 'await')) return true;
  if (/function|arrow_function|method_definition|class/.test(node.type)) return false;
  for (const child of node.namedChildren) if (child && containsTopLevelAwait(child)) return true;
  return false;
}

function nearest(fileName: string, name: string, read: ReadText): { path: string; text: string } | undefined {
  let dir = dirname(isAbsolute(fileName) ? fileName : resolve(fileName));
  for (let depth = 0; depth < 64; depth++) {
    const candidate = join(dir, name);
    const text = read(candidate);
    if (text !== undefined) return { path: candidate, text };
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** The "type" of the nearest package.json above the file. */
function packageType(fileName: string, read: ReadText): { kind: 'commonjs' | 'esm'; path: string } | undefined {
  const found = nearest(fileName, 'package.json', read);
  if (!found) return undefined;
  try {
    const type = (JSON.parse(found.text) as { type?: unknown }).type;
    return { kind: type === 'module' ? 'esm' : 'commonjs', path: found.path };
  } catch {
    return undefined;
  }
}
