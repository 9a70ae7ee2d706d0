/**
 * The parent side of workspace imports: finds the workspace files a Python
 * program imports (transitively), so the caller can hand their text to the
 * prediction, which never opens files itself. Only the import statements are
 * read; bounded in count and size.
 */
import type { Tree } from 'web-tree-sitter';
import { languageFromPath, type LanguageInfo } from '../../parsing';
import { candidateFiles, searchDirs } from './modules';
import { convertTree, field, fieldAll, type SyntaxNode } from './syntax';

export interface CollectOptions {
  /** Second folder absolute imports are looked up in, after the file's own. */
  readonly workspaceRoot?: string;
  /** Text of a file (unsaved editor text first, then the disk), or undefined when there is no such file. */
  readText(path: string): Promise<string | undefined>;
  readonly parser: { parse(text: string, language: LanguageInfo): Promise<Tree> };
  /** Most files collected (default 50). */
  readonly maxFiles?: number;
  /** Most characters collected over all files (default 4 MiB); a single larger file is skipped. */
  readonly maxChars?: number;
}

interface ImportRef {
  readonly parts: readonly string[];
  readonly level: number;
  /** Names after `from … import`: each may be a submodule. */
  readonly names: readonly string[];
}

/** Every import statement of a module, at any depth (imports inside functions and `if` blocks count). */
function importsOf(root: SyntaxNode): ImportRef[] {
  const refs: ImportRef[] = [];
  const walk = (node: SyntaxNode): void => {
    if (node.type === 'import_statement') {
      for (const name of fieldAll(node, 'name')) {
        const dotted = name.type === 'aliased_import' ? field(name, 'name')!.text : name.text;
        refs.push({ parts: dotted.split('.'), level: 0, names: [] });
      }
      return;
    }
    if (node.type === 'import_from_statement') {
      const moduleNode = field(node, 'module_name');
      if (!moduleNode) return;
      const relative = moduleNode.type === 'relative_import';
      const level = relative ? (moduleNode.named.find((c) => c.type === 'import_prefix')?.text.length ?? 1) : 0;
      const dotted = relative ? (moduleNode.named.find((c) => c.type === 'dotted_name')?.text ?? '') : moduleNode.text;
      const names = fieldAll(node, 'name').map((n) => (n.type === 'aliased_import' ? field(n, 'name')!.text : n.text));
      refs.push({ parts: dotted ? dotted.split('.') : [], level, names });
      return;
    }
    for (const child of node.named) walk(child);
  };
  walk(root);
  return refs;
}

/** Candidate files of one import, in the order Python would try them (package `__init__` files first). */
function candidates(ref: ImportRef, fromFile: string, workspaceRoot?: string): string[] {
  const out: string[] = [];
  for (const dir of searchDirs(fromFile, ref.level, workspaceRoot)) {
    for (const level of candidateFiles(dir, ref.parts)) out.push(...level);
    for (const name of ref.names) {
      const levels = candidateFiles(dir, [...ref.parts, name]);
      out.push(...levels[levels.length - 1]!);
    }
  }
  return out;
}

/**
 * The workspace files `fileName` imports, directly or through other workspace files:
 * absolute path → text. Files that do not exist are skipped silently.
 */
export async function collectPythonImports(fileName: string, source: string, options: CollectOptions): Promise<Record<string, string>> {
  const maxFiles = options.maxFiles ?? 50;
  const maxChars = options.maxChars ?? 4 * 1024 * 1024;
  const language = languageFromPath('x.py')!;
  const files: Record<string, string> = {};
  const tried = new Set<string>([fileName]);
  let total = 0;
  const queue: [string, string][] = [[fileName, source]];
  while (queue.length > 0) {
    const [path, text] = queue.shift()!;
    const tree = await options.parser.parse(text, language);
    let refs: ImportRef[];
    try {
      refs = importsOf(convertTree(tree, text));
    } finally {
      tree.delete();
    }
    for (const ref of refs) {
      for (const candidate of candidates(ref, path, options.workspaceRoot)) {
        if (tried.has(candidate)) continue;
        tried.add(candidate);
        if (Object.keys(files).length >= maxFiles) return files;
        const found = await options.readText(candidate);
        if (found === undefined || total + found.length > maxChars) continue;
        total += found.length;
        files[candidate] = found;
        queue.push([candidate, found]);
      }
    }
  }
  return files;
}
