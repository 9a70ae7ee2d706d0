/** Finds the files `looplens check` analyses: explicit files, or supported files under folders. */
import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { languageFromPath as sourceLanguage } from '../parsing/languages';
import { isNotebookPath } from '../parsing/notebook';

/** Files `looplens check` reads: Python, TypeScript and JavaScript sources, and Jupyter notebooks. */
function languageFromPath(path: string): boolean {
  return !!sourceLanguage(path) || isNotebookPath(path);
}

/** Folders never worth descending into. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages', 'dist-packages', '.direnv']);

export interface Discovery {
  readonly files: string[];
  readonly errors: string[];
}

export function discoverFiles(paths: readonly string[], cwd: string = process.cwd()): Discovery {
  const files = new Set<string>();
  const errors: string[] = [];
  const visitedDirs = new Set<string>();
  const walk = (dir: string): void => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (error) {
      errors.push(`${dir}: ${describeFsError(error)}`);
      return;
    }
    if (visitedDirs.has(real)) return; // symlink loop or repeated folder
    visitedDirs.add(real);
    let entries: string[];
    try {
      // As bytes: a name that is not UTF-8 would come back with U+FFFD and then "not exist".
      entries = [];
      for (const raw of readdirSync(dir, { encoding: 'buffer' })) {
        const name = raw.toString('utf8');
        if (Buffer.from(name, 'utf8').equals(raw)) entries.push(name);
        else if (languageFromPath(name)) errors.push(`${join(dir, name)}: file name is not valid UTF-8; rename the file to check it`);
      }
      entries.sort();
    } catch (error) {
      errors.push(`${dir}: ${describeFsError(error)}`);
      return;
    }
    const candidates: string[] = [];
    for (const name of entries) {
      const path = join(dir, name);
      let stats;
      try {
        stats = lstatSync(path);
        if (stats.isSymbolicLink()) stats = statSync(path);
      } catch (error) {
        if (!languageFromPath(name) && (error as NodeJS.ErrnoException).code === 'ENOENT') continue; // a broken link to something we would not read
        errors.push(`${path}: ${describeLinkError(error)}`);
        continue;
      }
      if (stats.isDirectory()) {
        if (SKIPPED_DIRS.has(name) || isVirtualEnv(path)) continue;
        walk(path);
      } else if (stats.isFile() && languageFromPath(name)) {
        candidates.push(path);
      }
    }
    for (const path of candidates) files.add(path);
  };
  const explicit: string[] = [];
  for (const input of paths) {
    const path = resolve(cwd, input);
    let stats;
    try {
      stats = statSync(path);
    } catch (error) {
      // Node decodes arguments as UTF-8: a name that is not becomes U+FFFD and cannot be found.
      const hint = input.includes('\uFFFD') && (error as NodeJS.ErrnoException).code === 'ENOENT' ? ' (the path is not valid UTF-8; rename the file to check it)' : '';
      errors.push(`${input}: ${describeFsError(error)}${hint}`);
      continue;
    }
    if (stats.isDirectory()) walk(path);
    else if (!stats.isFile()) errors.push(`${input}: not a regular file (a pipe, socket or device is never read)`);
    else if (languageFromPath(path)) explicit.push(path);
    else errors.push(`${input}: not a Python, TypeScript or JavaScript file or a Jupyter notebook`);
  }
  const found = dropGitIgnored([...files], cwd);
  return { files: [...new Set([...explicit, ...found])].sort().map((path) => relativeOrAbsolute(path, cwd)), errors };
}

function isVirtualEnv(dir: string): boolean {
  try {
    return statSync(join(dir, 'pyvenv.cfg')).isFile();
  } catch {
    return false;
  }
}

/** Files git ignores (`.gitignore`, info/exclude, global excludes) when inside a work tree; unchanged otherwise. */
function dropGitIgnored(paths: string[], cwd: string): string[] {
  if (paths.length === 0) return paths;
  const result = spawnSync('git', ['check-ignore', '--stdin', '-z'], { cwd, input: paths.join('\0'), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error || (result.status !== 0 && result.status !== 1)) return paths;
  const ignored = new Set(result.stdout.split('\0').filter(Boolean).map((p) => resolve(cwd, p)));
  return paths.filter((path) => !ignored.has(path));
}

function relativeOrAbsolute(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel.startsWith('..') ? path : rel;
}

/** describeFsError() for an entry found by lstat: ENOENT then means a symbolic link to nothing. */
function describeLinkError(error: unknown): string {
  return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'broken symbolic link (its target does not exist)' : describeFsError(error);
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
