/**
 * Workspace modules: `import pkg.mod`, `from .sibling import x` and friends are
 * looked up in the file's folder, then in the workspace root, among the files
 * the caller handed over (the prediction never opens files). A module found
 * there runs like the main file, in its own globals, once; its steps carry its
 * path. The resolution rules are shared with the parent-side collector.
 */
import { dirname, join, sep } from 'node:path';
import type { Interpreter } from './interpreter';
import type { SyntaxNode } from './syntax';
import { PyModule, Scope, Unsupported } from './values';

/** Folders an import is looked up in: for `level` dots, the package folder; otherwise the file's folder, then the workspace root. */
export function searchDirs(fromFile: string, level: number, workspaceRoot?: string): string[] {
  if (level > 0) {
    let dir = dirname(fromFile);
    for (let i = 1; i < level; i++) dir = dirname(dir);
    return [dir];
  }
  const dirs = [dirname(fromFile)];
  if (workspaceRoot && !dirs.includes(workspaceRoot)) dirs.push(workspaceRoot);
  return dirs;
}

/** Files that may hold `parts` under `dir`, prefix packages first: each level as `name.py` or `name/__init__.py`. */
export function candidateFiles(dir: string, parts: readonly string[]): string[][] {
  const levels: string[][] = [];
  let base = dir;
  for (const part of parts) {
    base = join(base, part);
    levels.push([`${base}.py`, join(base, '__init__.py')]);
  }
  return levels;
}

/** One resolved level of a dotted name: its module name and file (null for a namespace package: a folder without __init__.py). */
interface Resolved {
  readonly name: string;
  readonly file: string | null;
}

export interface SourceFiles {
  /** Parsed workspace modules, absolute path → root node. */
  readonly roots: ReadonlyMap<string, SyntaxNode>;
  readonly mainFile: string;
  readonly workspaceRoot?: string | undefined;
}

function isFolder(files: SourceFiles, path: string): boolean {
  const prefix = path.endsWith(sep) ? path : path + sep;
  for (const file of files.roots.keys()) if (file.startsWith(prefix)) return true;
  return false;
}

function resolve(files: SourceFiles, parts: readonly string[], fromFile: string, level: number, prefixName: string): Resolved[] | null {
  for (const dir of searchDirs(fromFile, level, files.workspaceRoot)) {
    const out: Resolved[] = [];
    let name = prefixName;
    let base = dir;
    for (const part of parts) {
      name = name ? `${name}.${part}` : part;
      base = join(base, part);
      const file = files.roots.has(`${base}.py`) ? `${base}.py` : files.roots.has(join(base, '__init__.py')) ? join(base, '__init__.py') : null;
      if (file === null && !isFolder(files, base)) break;
      out.push({ name, file });
    }
    if (out.length === parts.length) return out;
  }
  return null;
}

/** The dotted package name of a workspace module's file, for its relative imports. */
function packageOf(interp: Interpreter, file: string): string {
  const mod = interp.fileModules.get(file);
  if (!mod) return '';
  return file.endsWith(`${sep}__init__.py`) ? mod.name : mod.name.split('.').slice(0, -1).join('.');
}

/**
 * Imports `dotted` (with `level` leading dots) for code in `fromFile`: every level of the
 * name from the workspace, or null when the name is not a workspace module.
 */
export function importWorkspaceModule(interp: Interpreter, dotted: string, level: number, node: SyntaxNode): PyModule[] | null {
  const files = interp.sourceFiles;
  if (!files) return null;
  const fromFile = node.file ?? files.mainFile;
  const parts = dotted ? dotted.split('.') : [];
  const prefix = level > 0 ? packageOf(interp, fromFile) : '';
  const resolved = level > 0 && parts.length === 0 ? [] : resolve(files, parts, fromFile, level, prefix);
  if (!resolved) return null;
  const modules: PyModule[] = [];
  let parent: PyModule | null = level > 0 ? packageModule(interp, fromFile) : null;
  for (const { name, file } of resolved) {
    const mod = loadFile(interp, name, file, node);
    if (parent && !parent.attrs.has(name.split('.').pop()!)) parent.attrs.set(name.split('.').pop()!, mod);
    modules.push(mod);
    parent = mod;
  }
  if (level > 0 && parts.length === 0 && parent) modules.push(parent);
  return modules;
}

/** The package module that holds `fromFile` (for `from . import x`), loaded from its __init__.py when there is one. */
function packageModule(interp: Interpreter, fromFile: string): PyModule {
  const dir = dirname(fromFile);
  const init = join(dir, '__init__.py');
  const name = packageOf(interp, fromFile) || dir.split(sep).pop() || '';
  return loadFile(interp, name, interp.sourceFiles!.roots.has(init) && init !== fromFile ? init : null, null, init === fromFile ? interp.fileModules.get(fromFile) : undefined);
}

function loadFile(interp: Interpreter, name: string, file: string | null, node: SyntaxNode | null, existing?: PyModule): PyModule {
  if (existing) return existing;
  const known = (file && interp.fileModules.get(file)) || interp.modules.get(name);
  if (known) return known;
  const scope = new Scope(null);
  const mod = new PyModule(name, scope.vars, file ?? undefined);
  scope.vars.set('__name__', name);
  if (file) scope.vars.set('__file__', file);
  interp.modules.set(name, mod);
  if (!file) return mod;
  interp.fileModules.set(file, mod);
  interp.importedFiles.push(file);
  const root = interp.sourceFiles!.roots.get(file)!;
  if (root.hasError) {
    interp.rec.note('unsupported', `syntax error in ${file}: Python would not import it`, node);
    return mod;
  }
  const run = interp.execBlock(root, scope).next();
  if (!run.done) throw new Unsupported(`'await' outside an async function in ${file}`, node);
  return mod;
}
