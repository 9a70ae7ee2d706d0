/**
 * Collects the workspace files a program imports, for the prediction process
 * (which never opens files itself): relative JS/TS imports (`import … from
 * './x'`, `require('./x')`, `import('./x')`, `export … from`) and Python
 * imports resolved in the file's folder and the workspace root, followed
 * transitively. Found by linear scans (no nested quantifiers), bounded in
 * files and characters, and only inside the workspace root (or the file's
 * folder when there is none). The caller supplies `read`, so unsaved editor
 * text wins over the disk.
 */
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { languageFromPath } from '../../parsing/languages';

export interface CollectOptions {
  readonly fileName: string;
  readonly source: string;
  readonly workspaceRoot?: string;
  /** The text of `path`, or undefined when it does not exist or cannot be read. */
  readonly read: (path: string) => Promise<string | undefined>;
  readonly maxFiles?: number;
  readonly maxChars?: number;
}

const JS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const JS_SPECIFIER = /(?:\bfrom|\bimport|\brequire\s*\(|\bimport\s*\()\s*['"](\.{1,2}\/[^'"\n]*)['"]/g;
const PY_FROM = /^[ \t]*from[ \t]+(\.*)(\w[\w.]*)?[ \t]+import[ \t]+([^\n#]*)/gm;
const PY_IMPORT = /^[ \t]*import[ \t]+([^\n#]*)/gm;

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Candidate paths of a JS/TS specifier, in Node's and TypeScript's order (`./x.js` may be `./x.ts`). */
function jsCandidates(from: string, specifier: string): string[] {
  const base = resolve(dirname(from), specifier);
  const out = [base];
  const swapped = /\.(m|c)?js$/.exec(base);
  if (swapped) out.push(`${base.slice(0, -swapped[0].length)}.${swapped[1] ?? ''}ts`, `${base.slice(0, -swapped[0].length)}.tsx`);
  for (const extension of JS_EXTENSIONS) out.push(`${base}${extension}`);
  for (const extension of JS_EXTENSIONS) out.push(join(base, `index${extension}`));
  return out;
}

/** Candidate paths of a Python module `dots` + `name` imported from `from`. */
function pythonCandidates(from: string, dots: string, name: string, root: string | undefined): string[] {
  const parts = name.split('.').filter(Boolean);
  let bases: string[];
  if (dots.length > 0) {
    let dir = dirname(from);
    for (let i = 1; i < dots.length; i++) dir = dirname(dir);
    bases = [dir];
  } else {
    bases = [dirname(from), ...(root ? [root] : [])];
  }
  const out: string[] = [];
  for (const base of bases) {
    const path = join(base, ...parts);
    if (parts.length > 0) out.push(`${path}.py`, join(path, '__init__.py'));
  }
  return out;
}

function pythonImports(source: string, from: string, root: string | undefined): string[][] {
  const found: string[][] = [];
  for (const match of source.matchAll(PY_FROM)) {
    const dots = match[1] ?? '';
    const name = match[2] ?? '';
    found.push(pythonCandidates(from, dots, name, root));
    // `from pkg import mod` may name submodules.
    for (const item of (match[3] ?? '').replace(/[()]/g, '').split(',')) {
      const sub = item.trim().split(/\s/)[0];
      if (sub && /^\w+$/.test(sub)) found.push(pythonCandidates(from, dots, name ? `${name}.${sub}` : sub, root));
    }
  }
  for (const match of source.matchAll(PY_IMPORT)) {
    for (const item of (match[1] ?? '').split(',')) {
      const name = item.trim().split(/\s/)[0];
      if (name && /^[\w.]+$/.test(name)) found.push(pythonCandidates(from, '', name, root));
    }
  }
  return found;
}

/** Absolute path → text of the workspace files `source` imports, transitively (the file itself excluded). */
export async function collectImportedFiles(options: CollectOptions): Promise<Record<string, string>> {
  const maxFiles = options.maxFiles ?? 200;
  let budget = options.maxChars ?? 8 * 1024 * 1024;
  const start = resolve(options.fileName);
  const root = options.workspaceRoot ? resolve(options.workspaceRoot) : undefined;
  const fence = root ?? dirname(start);
  const files: Record<string, string> = {};
  const seen = new Set<string>([start]);
  const missing = new Set<string>();
  const queue: { path: string; text: string }[] = [{ path: start, text: options.source }];
  while (queue.length > 0 && Object.keys(files).length < maxFiles) {
    const { path, text } = queue.shift()!;
    const language = languageFromPath(path);
    if (!language) continue;
    const groups = language.family === 'python'
      ? pythonImports(text, path, root)
      : [...text.matchAll(JS_SPECIFIER)].map((match) => jsCandidates(path, match[1]!));
    for (const candidates of groups) {
      for (const candidate of candidates) {
        if (!inside(fence, candidate) || !languageFromPath(candidate) || missing.has(candidate)) continue;
        if (seen.has(candidate)) break;
        const found = await options.read(candidate);
        if (found === undefined) {
          missing.add(candidate);
          continue;
        }
        seen.add(candidate);
        if (found.length > budget || Object.keys(files).length >= maxFiles) break;
        budget -= found.length;
        files[candidate] = found;
        queue.push({ path: candidate, text: found });
        break;
      }
    }
  }
  return files;
}
