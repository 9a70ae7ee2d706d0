/**
 * Inputs of the benchmark, all offline: CPython's asyncio + test_asyncio from
 * the machine's python3, the TS/JS sources of pinned npm packages (undici,
 * openai), and files of a given size built by concatenating whole real files.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The checkout: the nearest folder above this bundle (dist/bench or dist/test/unit) with the looplens package.json. */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(start: string): string {
  for (let dir = start; dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'looplens') return dir;
  }
  return process.cwd();
}

export function listFiles(dir: string, accept: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === '__pycache__' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path, accept));
    else if (accept(name)) out.push(path);
  }
  return out;
}

/** CPython's asyncio package and test_asyncio (the latter may be missing on slim installs). */
export function pythonCorpus(): string[] {
  const python = process.env.PYTHON ?? 'python3';
  const asyncio = execFileSync(python, ['-c', 'import asyncio, os; print(os.path.dirname(asyncio.__file__))'], { encoding: 'utf8' }).trim();
  const tests = join(dirname(asyncio), 'test', 'test_asyncio');
  return [...listFiles(asyncio, (n) => n.endsWith('.py')), ...listFiles(tests, (n) => n.endsWith('.py'))];
}

/** undici's lib/ (.js) and openai's src/ (.ts, no .d.ts). */
export function typescriptCorpus(): { undici: string[]; openai: string[] } {
  const modules = join(REPO_ROOT, 'node_modules');
  return {
    undici: listFiles(join(modules, 'undici', 'lib'), (n) => n.endsWith('.js')),
    openai: listFiles(join(modules, 'openai', 'src'), (n) => n.endsWith('.ts') && !n.endsWith('.d.ts')),
  };
}

export function countLines(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return text.endsWith('\n') ? lines - 1 : lines;
}

/**
 * Whole files from `files` (largest first, so few seams) until about `lines`
 * lines; TS relative imports are made absolute so type-aware peers still
 * resolve them from another folder.
 */
export function buildFile(files: readonly string[], lines: number): { text: string; lines: number; sources: string[] } {
  const texts = files.map((path) => ({ path, text: readFileSync(path, 'utf8') })).sort((a, b) => b.text.length - a.text.length || a.path.localeCompare(b.path));
  // Skip files much larger than the target so the result stays close to it.
  const parts: string[] = [];
  const sources: string[] = [];
  let total = 0;
  for (const { path, text } of texts) {
    const n = countLines(text);
    if (total + n > lines * 1.1) continue;
    parts.push(absoluteImports(text, path));
    sources.push(path);
    total += n;
    if (total >= lines * 0.98) break;
  }
  const text = parts.map((part) => (part.endsWith('\n') ? part : `${part}\n`)).join('');
  return { text, lines: countLines(text), sources };
}

function absoluteImports(text: string, path: string): string {
  if (!/\.[cm]?[tj]sx?$/.test(path)) return text;
  return text.replace(/(from\s+|import\s*\(\s*|require\(\s*)(['"])(\.{1,2}\/[^'"]*)\2/g, (_all, lead: string, quote: string, spec: string) => `${lead}${quote}${join(dirname(path), spec)}${quote}`);
}

/** A program of about `lines` lines for the timeline simulator, from the differential corpus of recorded programs. */
export function timelineProgram(language: 'javascript' | 'python', lines: number): { text: string; lines: number; programs: number } {
  const dir = join(REPO_ROOT, 'test', 'timeline', language === 'python' ? 'python' : 'js');
  const files = listFiles(dir, (n) => (language === 'python' ? n.endsWith('.py') : n.endsWith('.js')));
  const parts: string[] = [];
  let total = 0;
  // CommonJS programs only (no top-level import/export); each in its own function scope so names do not clash.
  const texts = files.map((file) => readFileSync(file, 'utf8')).filter((text) => language === 'python' || !/^\s*(import|export)\s/m.test(text));
  // Programs are repeated in order when the corpus is shorter than `lines`.
  for (let i = 0; total < lines && texts.length > 0; i++) {
    const text = texts[i % texts.length]!;
    parts.push(language === 'python' ? text : `(function () {\n${text}\n})();\n`);
    total += countLines(parts[parts.length - 1]!);
  }
  const text = parts.join('\n');
  return { text, lines: countLines(text), programs: parts.length };
}
