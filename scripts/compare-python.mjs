#!/usr/bin/env node
// Compares Loop Lens's Python findings with Ruff's flake8-async (ASYNC) and
// RUF006 rules on the same files, rule by rule: found by both, only by Ruff,
// only by Loop Lens. Matching is by file and line.
//
// First it scores Loop Lens on the peers' own test cases (test/fixtures/python/peers/, see
// scripts/peer-fixtures.mjs): recall and precision per fixture, docs-disagree lines apart.
//
// Usage: node scripts/compare-python.mjs [--details] [--peers-only] [PATH...]
// Without paths: CPython's asyncio package and test_asyncio, plus every
// installed package named in COMPARE_EXTRA (default: prompt_toolkit).
// Needs the build (`dist/cli.js`); `npm run compare` builds first.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { printPeerScores, scorePeerFixtures } from './peer-fixtures.mjs';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Ruff code → the Loop Lens rule that covers the same pitfall (absent: no overlapping rule). */
const OVERLAP = {
  ASYNC210: 'py/blocking-http',
  ASYNC212: 'py/blocking-http',
  ASYNC220: 'py/blocking-subprocess',
  ASYNC221: 'py/blocking-subprocess',
  ASYNC222: 'py/blocking-subprocess',
  ASYNC230: 'py/blocking-file-io',
  ASYNC250: 'py/blocking-input',
  ASYNC251: 'py/blocking-sleep',
  RUF006: 'py/dangling-task',
};

function defaultPaths() {
  const python = process.env.PYTHON ?? 'python3';
  const extra = (process.env.COMPARE_EXTRA ?? 'prompt_toolkit').split(',').filter(Boolean);
  const script = [
    'import asyncio, os, importlib',
    'lib = os.path.dirname(os.path.dirname(asyncio.__file__))',
    'print(os.path.dirname(asyncio.__file__))',
    "t = os.path.join(lib, 'test', 'test_asyncio')",
    'print(t if os.path.isdir(t) else "")',
    ...extra.map((name) => `print(os.path.dirname(importlib.import_module(${JSON.stringify(name)}).__file__))`),
  ].join('\n');
  return execFileSync(python, ['-c', script], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

function pythonFiles(path) {
  if (statSync(path).isFile()) return path.endsWith('.py') ? [path] : [];
  const files = [];
  for (const name of readdirSync(path).sort()) {
    if (name === '__pycache__' || name.startsWith('.')) continue;
    files.push(...pythonFiles(join(path, name)));
  }
  return files;
}

function loopLensFindings(paths) {
  const cli = process.env.LOOPLENS_CLI ?? join(ROOT, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js missing: run `npm run build` first');
  let output;
  try {
    output = execFileSync(process.execPath, [cli, 'check', '--format', 'json', ...paths], { encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch (error) {
    // Exit code 1 means "findings reported".
    if (error.status !== 1) throw error;
    output = error.stdout;
  }
  return JSON.parse(output).map((f) => ({ file: f.file, line: f.line, rule: f.code, message: f.message }));
}

function ruffFindings(files) {
  const { Workspace, PositionEncoding } = require('@astral-sh/ruff-wasm-nodejs');
  const workspace = new Workspace({ 'line-length': 120, lint: { select: ['ASYNC', 'RUF006'], preview: false } }, PositionEncoding.Utf16);
  const findings = [];
  for (const file of files) {
    for (const d of workspace.check(readFileSync(file, 'utf8'))) {
      if (!d.code) continue;
      findings.push({ file, line: d.start_location.row, rule: d.code, message: d.message });
    }
  }
  return { findings, version: Workspace.version() };
}

const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const details = process.argv.includes('--details') || !!process.env.COMPARE_DETAILS;

// 1. The peers' own test cases for the rules we share (docs-disagree lines counted apart).
const cliPath = process.env.LOOPLENS_CLI ?? join(ROOT, 'dist', 'cli.js');
console.log('Peer test cases (flake8-async and Ruff fixtures for the shared rules, test/fixtures/python/peers/):\n');
const peerRows = scorePeerFixtures(cliPath, join(ROOT, 'test', 'fixtures', 'python', 'peers'));
const peerTotal = printPeerScores(peerRows, details);
const disagreeFound = peerRows.reduce((n, row) => n + row.disagreeFound.length, 0);
console.log(`\n${peerTotal.disagree} docs-disagree lines (not scored); Loop Lens reports ${disagreeFound} of them.`);
console.log(`Goal: recall >= 90 %, precision >= 95 % (excluding docs-disagree lines).\n`);
if (process.argv.includes('--peers-only')) process.exit(0);

// 2. Ruff vs Loop Lens on real code.
const paths = args.length > 0 ? args : defaultPaths();
const files = paths.flatMap(pythonFiles);
const ours = loopLensFindings(paths);
const { findings: theirs, version } = ruffFindings(files);

const key = (f) => `${f.file}:${f.line}`;
const rows = new Map();
const row = (name) => {
  if (!rows.has(name)) rows.set(name, { both: [], ruffOnly: [], loopLensOnly: [] });
  return rows.get(name);
};
const oursByRule = new Map();
for (const f of ours) {
  if (!oursByRule.has(f.rule)) oursByRule.set(f.rule, new Set());
  oursByRule.get(f.rule).add(key(f));
}
const matched = new Set();
for (const f of theirs) {
  const rule = OVERLAP[f.rule];
  const name = rule ? `${f.rule} ↔ ${rule}` : `${f.rule} (no Loop Lens rule)`;
  if (rule && oursByRule.get(rule)?.has(key(f))) {
    row(name).both.push(f);
    matched.add(`${rule}|${key(f)}`);
  } else row(name).ruffOnly.push(f);
}
for (const f of ours) {
  if (matched.has(`${f.rule}|${key(f)}`)) continue;
  const codes = Object.entries(OVERLAP).filter(([, rule]) => rule === f.rule).map(([code]) => code);
  row(codes.length ? `${codes.join('/')} ↔ ${f.rule}` : `${f.rule} (no Ruff rule)`).loopLensOnly.push(f);
}

console.log(`Ruff ${version} (ASYNC, RUF006) vs Loop Lens on ${files.length} files from:\n${paths.map((p) => `  ${p}`).join('\n')}\n`);
const names = [...rows.keys()].sort();
const width = Math.max(...names.map((n) => n.length), 10);
console.log(`${'rule'.padEnd(width)}  both  only Ruff  only Loop Lens`);
for (const name of names) {
  const r = rows.get(name);
  console.log(`${name.padEnd(width)}  ${String(r.both.length).padStart(4)}  ${String(r.ruffOnly.length).padStart(9)}  ${String(r.loopLensOnly.length).padStart(14)}`);
}
if (details) {
  for (const name of names) {
    const r = rows.get(name);
    for (const [label, list] of [['only Ruff', r.ruffOnly], ['only Loop Lens', r.loopLensOnly]]) {
      for (const f of list) console.log(`${name} | ${label} | ${f.file}:${f.line} | ${f.message}`);
    }
  }
}
