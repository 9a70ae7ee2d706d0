/**
 * Decides whether Node runs a file as CommonJS or as an ES module: the
 * extension (.mjs/.mts vs .cjs/.cts), then module syntax (import/export or
 * top-level await, which Node 20 detects), then the nearest package.json
 * "type" field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Node as SyntaxNode } from 'web-tree-sitter';

export function detectModuleKind(fileName: string, root: SyntaxNode): 'commonjs' | 'esm' {
  const extension = /\.[^.\\/]+$/.exec(fileName)?.[0]?.toLowerCase();
  if (extension === '.mjs' || extension === '.mts') return 'esm';
  if (extension === '.cjs' || extension === '.cts') return 'commonjs';
  if (hasModuleSyntax(root)) return 'esm';
  return packageType(fileName) ?? 'commonjs';
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

function containsTopLevelAwait(node: SyntaxNode): boolean {
  if (node.type === 'await_expression') return true;
  if (/function|arrow_function|method_definition|class/.test(node.type)) return false;
  for (const child of node.namedChildren) if (child && containsTopLevelAwait(child)) return true;
  return false;
}

/** The "type" of the nearest package.json above the file, when the file exists on disk. */
function packageType(fileName: string): 'commonjs' | 'esm' | undefined {
  try {
    let dir = dirname(isAbsolute(fileName) ? fileName : resolve(fileName));
    for (;;) {
      const candidate = join(dir, 'package.json');
      if (existsSync(candidate)) {
        const type = (JSON.parse(readFileSync(candidate, 'utf8')) as { type?: unknown }).type;
        return type === 'module' ? 'esm' : 'commonjs';
      }
      const parent = dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  } catch {
    return undefined;
  }
}
