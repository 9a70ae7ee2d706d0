/**
 * Collects, in the caller's process, the workspace files a program imports, so
 * that the prediction process never opens files itself: relative
 * `require`/`import`/`export … from`/`import()` of JS/TS files (followed
 * transitively), the nearest `package.json` and `tsconfig.json` of each (they
 * decide the module kind), and for Python the modules of the file's package and
 * of the workspace. The scan is a linear pass over the text (no regular
 * expressions with backtracking); bounded in file count and total size.
 */
import { posix } from 'node:path';
import { candidates } from './js/resolve';

export interface CollectOptions {
  /** Text of a file (unsaved editor text first, then the disk); undefined when it does not exist. */
  readText(path: string): Promise<string | undefined>;
  /** Second root of Python imports, after the file's folder. */
  readonly workspaceRoot?: string;
  readonly maxFiles?: number;
  readonly maxTotalBytes?: number;
}

const MAX_FILES = 200;
const MAX_TOTAL = 8 * 1024 * 1024;
const MAX_FILE = 1024 * 1024;
const JS_FILE = /\.(?:[cm]?[jt]sx?|json)$/;

export async function collectWorkspaceFiles(fileName: string, source: string, options: CollectOptions): Promise<Record<string, string>> {
  // Only files inside the workspace are ever read (a program must not pull in ~/.ssh through `require('../../..')`).
  const root = posix.normalize(options.workspaceRoot ?? posix.dirname(fileName));
  const inside = (path: string): boolean => path === root || path.startsWith(root.endsWith('/') ? root : `${root}/`);
  const files: Record<string, string> = {};
  const maxFiles = options.maxFiles ?? MAX_FILES;
  let total = 0;
  const add = (path: string, text: string): boolean => {
    if (Object.keys(files).length >= maxFiles || text.length > MAX_FILE || total + text.length > (options.maxTotalBytes ?? MAX_TOTAL)) return false;
    files[path] = text;
    total += text.length;
    return true;
  };
  const tryRead = async (path: string): Promise<string | undefined> => {
    if (!inside(path)) return undefined;
    if (path in files) return files[path];
    try {
      return await options.readText(path);
    } catch {
      return undefined;
    }
  };
  const configsSeen = new Set<string>();
  const addConfigs = async (file: string): Promise<void> => {
    let dir = posix.dirname(file);
    for (let depth = 0; depth < 32 && inside(dir); depth++) {
      if (configsSeen.has(dir)) return;
      configsSeen.add(dir);
      for (const name of ['package.json', 'tsconfig.json']) {
        const text = await tryRead(posix.join(dir, name));
        if (text !== undefined) add(posix.join(dir, name), text);
      }
      const parent = posix.dirname(dir);
      if (parent === dir) return;
      dir = parent;
    }
  };
  if (!/\.py$/i.test(fileName)) {
    const queue: [string, string][] = [[fileName, source]];
    const visited = new Set<string>([fileName]);
    await addConfigs(fileName);
    while (queue.length > 0) {
      const [from, text] = queue.shift()!;
      if (!JS_FILE.test(from) || from.endsWith('.json')) continue;
      for (const specifier of importSpecifiers(text)) {
        if (!specifier.startsWith('.') && !specifier.startsWith('/')) continue;
        const base = specifier.startsWith('/') ? posix.normalize(specifier) : posix.join(posix.dirname(from), specifier);
        for (const candidate of candidates(base)) {
          if (visited.has(candidate)) break;
          const found = await tryRead(candidate);
          if (found === undefined) continue;
          visited.add(candidate);
          if (!add(candidate, found)) return files;
          await addConfigs(candidate);
          queue.push([candidate, found]);
          break;
        }
      }
    }
    return files;
  }
  return collectPython(fileName, source, options, add, tryRead);
}

/** Module specifiers of `require('x')`, `import … from 'x'`, `import 'x'`, `export … from 'x'`, `import('x')`. */
export function importSpecifiers(text: string): string[] {
  const found: string[] = [];
  const n = text.length;
  let i = 0;
  const readString = (at: number): { value: string; end: number } | undefined => {
    const quote = text[at];
    if (quote !== '"' && quote !== "'" && quote !== '`') return undefined;
    let j = at + 1;
    while (j < n && text[j] !== quote && text[j] !== '\n' && j - at < 1024) j++;
    return text[j] === quote ? { value: text.slice(at + 1, j), end: j + 1 } : undefined;
  };
  const skipSpace = (at: number): number => {
    let j = at;
    while (j < n && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++;
    return j;
  };
  const wordAt = (at: number, word: string): boolean => text.startsWith(word, at) && !isIdent(text[at - 1]) && !isIdent(text[at + word.length]);
  while (i < n) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (wordAt(i, 'require') || wordAt(i, 'import')) {
      const word = text[i] === 'r' ? 'require' : 'import';
      let j = skipSpace(i + word.length);
      if (text[j] === '(') {
        const s = readString(skipSpace(j + 1));
        if (s) found.push(s.value);
        i = j + 1;
        continue;
      }
      if (word === 'import') {
        const s = readString(j);
        if (s) {
          found.push(s.value);
          i = s.end;
          continue;
        }
      }
      i += word.length;
      continue;
    }
    if (wordAt(i, 'from')) {
      const s = readString(skipSpace(i + 4));
      if (s) found.push(s.value);
      i += 4;
      continue;
    }
    if (c === '"' || c === "'") {
      const s = readString(i);
      i = s ? s.end : i + 1;
      continue;
    }
    i++;
  }
  return found;
}

function isIdent(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_' || c === '$' || c === '.');
}

/** Python: modules of `import a.b` / `from .x import y` found in the file's folder, its package, then the workspace root. */
async function collectPython(
  fileName: string,
  source: string,
  options: CollectOptions,
  add: (path: string, text: string) => boolean,
  tryRead: (path: string) => Promise<string | undefined>,
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const visited = new Set<string>([fileName]);
  const queue: [string, string][] = [[fileName, source]];
  const record = (path: string, text: string): boolean => {
    if (!add(path, text)) return false;
    files[path] = text;
    return true;
  };
  while (queue.length > 0) {
    const [from, text] = queue.shift()!;
    for (const { module, level } of pythonImports(text)) {
      const roots: string[] = [];
      if (level > 0) {
        let dir = posix.dirname(from);
        for (let k = 1; k < level; k++) dir = posix.dirname(dir);
        roots.push(dir);
      } else {
        roots.push(posix.dirname(fileName));
        if (options.workspaceRoot) roots.push(options.workspaceRoot);
      }
      const parts = module ? module.split('.') : [];
      for (const root of roots) {
        // Each package on the way (its __init__.py) and the module itself (a file or a package).
        let dir = root;
        let complete = true;
        for (let k = 0; k <= parts.length; k++) {
          const init = posix.join(dir, '__init__.py');
          if (!visited.has(init)) {
            const initText = await tryRead(init);
            if (initText !== undefined) {
              visited.add(init);
              if (!record(init, initText)) return files;
              queue.push([init, initText]);
            }
          }
          if (k === parts.length) break;
          const file = posix.join(dir, `${parts[k]}.py`);
          if (!visited.has(file)) {
            const fileText = await tryRead(file);
            if (fileText !== undefined) {
              visited.add(file);
              if (!record(file, fileText)) return files;
              queue.push([file, fileText]);
            }
          }
          dir = posix.join(dir, parts[k]!);
          if (k === parts.length - 1) complete = true;
        }
        // `from pkg import sub`: the names may be submodules.
        for (const name of pythonFromNames(text, module, level)) {
          const file = posix.join(dir, `${name}.py`);
          if (visited.has(file)) continue;
          const fileText = await tryRead(file);
          if (fileText === undefined) continue;
          visited.add(file);
          if (!record(file, fileText)) return files;
          queue.push([file, fileText]);
        }
        if (complete && Object.keys(files).length > 0) break;
      }
    }
  }
  return files;
}

/** `import a.b, c` and `from ..x import y` statements at the start of a line (indented too). */
export function pythonImports(text: string): { module: string; level: number }[] {
  const found: { module: string; level: number }[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('import ')) {
      for (const part of line.slice(7).split(',')) {
        const name = part.trim().split(' ')[0] ?? '';
        if (isDotted(name)) found.push({ module: name, level: 0 });
      }
    } else if (line.startsWith('from ')) {
      const rest = line.slice(5).trimStart();
      const space = rest.indexOf(' ');
      const target = space < 0 ? rest : rest.slice(0, space);
      let level = 0;
      while (target[level] === '.') level++;
      const module = target.slice(level);
      if (module === '' || isDotted(module)) found.push({ module, level });
    }
  }
  return found;
}

function pythonFromNames(text: string, module: string, level: number): string[] {
  const names: string[] = [];
  const prefix = `from ${'.'.repeat(level)}${module} import `;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith(prefix)) continue;
    for (const part of line.slice(prefix.length).replace('(', '').replace(')', '').split(',')) {
      const name = part.trim().split(' ')[0] ?? '';
      if (isDotted(name) && !name.includes('.')) names.push(name);
    }
  }
  return names;
}

function isDotted(name: string): boolean {
  if (name.length === 0 || name.length > 200) return false;
  for (const c of name) if (!isIdent(c) || c === '$') return false;
  return !name.startsWith('.') && !name.endsWith('.');
}
