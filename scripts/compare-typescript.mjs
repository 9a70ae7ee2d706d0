#!/usr/bin/env node
// Compares Loop Lens's TypeScript/JavaScript rules with ESLint + typescript-eslint
// (type-aware) over the fixtures and over real code shipped in npm packages
// (the sources of `undici` and of the `openai` SDK in node_modules), and prints,
// rule by rule, what both find, what only ESLint finds and what only Loop Lens finds.
//
// Also scores the rules on the peers' own test cases (test/fixtures/typescript/peers):
// recall and precision per peer rule, with `check` and with `--type-aware`.
//
// Usage: node scripts/compare-typescript.mjs [--details] [--only peers|fixtures|undici|openai]
// Needs `npm run build` first (it runs dist/cli.js).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printPeerScores, scorePeers } from './peers/score-typescript-peers.mjs';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
const details = args.includes('--details');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;

/** ESLint rule → the Loop Lens rules that cover the same pitfall. */
const PAIRS = [
  { eslint: '@typescript-eslint/no-floating-promises', looplens: ['ts/floating-promise'] },
  { eslint: '@typescript-eslint/no-misused-promises', looplens: ['ts/async-foreach', 'ts/async-callback-void', 'ts/promise-in-condition', 'ts/async-promise-executor'] },
  { eslint: '@typescript-eslint/return-await', looplens: ['ts/return-without-await-in-try'] },
  { eslint: '@typescript-eslint/require-await', looplens: ['ts/async-without-await'] },
  { eslint: 'no-async-promise-executor', looplens: ['ts/async-promise-executor'] },
  { eslint: 'no-await-in-loop', looplens: ['ts/await-in-loop'] },
];
const LOOPLENS_ONLY_RULES = ['ts/blocking-sync-call', 'ts/busy-wait'];

function listFiles(dir, accept) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path, accept));
    else if (accept(name)) out.push(path);
  }
  return out.sort();
}

const SOURCE = /\.(ts|tsx|js|jsx|mjs|cjs)$/;
const corpora = [
  { name: 'fixtures', files: listFiles(join(ROOT, 'test/fixtures/typescript'), (n) => SOURCE.test(n)).filter((f) => !f.includes('/peers/')) },
  { name: 'undici', files: existsSync(join(ROOT, 'node_modules/undici/lib')) ? listFiles(join(ROOT, 'node_modules/undici/lib'), (n) => /\.js$/.test(n)) : [] },
  { name: 'openai', files: existsSync(join(ROOT, 'node_modules/openai/src')) ? listFiles(join(ROOT, 'node_modules/openai/src'), (n) => /\.ts$/.test(n) && !n.endsWith('.d.ts')) : [] },
].filter((c) => !only || c.name === only);

function runLoopLens(files) {
  const cli = join(ROOT, 'dist/cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const findings = [];
  // Batches keep the command line short.
  for (let i = 0; i < files.length; i += 100) {
    let output;
    try {
      output = execFileSync(process.execPath, [cli, 'check', '--format', 'json', ...files.slice(i, i + 100)], { encoding: 'utf8', maxBuffer: 64 << 20 });
    } catch (error) {
      if (error.status !== 1) throw error;
      output = error.stdout;
    }
    for (const f of JSON.parse(output)) findings.push({ file: join(ROOT, f.file), line: f.line, rule: f.code, message: f.message });
  }
  return findings.filter((f) => f.rule.startsWith('ts/'));
}

async function runEslint(files) {
  const { ESLint } = await import('eslint');
  const tseslint = (await import('typescript-eslint')).default;
  // A throw-away tsconfig listing exactly the files: type information for every rule.
  const dir = mkdtempSync(join(tmpdir(), 'looplens-compare-'));
  const tsconfig = join(dir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      compilerOptions: {
        target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', allowJs: true, checkJs: false, noEmit: true, strict: true,
        skipLibCheck: true, lib: ['es2023', 'dom'], types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')],
      },
      files,
    }),
  );
  try {
    const eslint = new ESLint({
      cwd: ROOT,
      overrideConfigFile: true,
      overrideConfig: [
        // The corpora live in node_modules, which ESLint skips by default.
        { ignores: ['!**/node_modules/'] },
        {
          files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'],
          languageOptions: { parser: tseslint.parser, parserOptions: { project: tsconfig, tsconfigRootDir: dir }, sourceType: 'module' },
          linterOptions: { reportUnusedDisableDirectives: 'off' },
          plugins: { '@typescript-eslint': tseslint.plugin },
          rules: {
            '@typescript-eslint/no-floating-promises': 'warn',
            '@typescript-eslint/no-misused-promises': 'warn',
            '@typescript-eslint/return-await': ['warn', 'in-try-catch'],
            '@typescript-eslint/require-await': 'warn',
            'no-async-promise-executor': 'warn',
            'no-await-in-loop': 'warn',
          },
        },
      ],
    });
    const results = await eslint.lintFiles(files);
    const findings = [];
    for (const result of results) {
      for (const m of result.messages) {
        if (!m.ruleId) {
          console.error(`eslint: ${relative(ROOT, result.filePath)}: ${m.message}`);
          continue;
        }
        // return-await in-try-catch: compare the "must await" reports only.
        if (m.ruleId === '@typescript-eslint/return-await' && m.messageId !== 'requiredPromiseAwait') continue;
        findings.push({ file: result.filePath, line: m.line, rule: m.ruleId, message: m.message });
      }
    }
    return findings;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function key(f) {
  return `${f.file}:${f.line}`;
}

function compare(name, eslintFindings, looplensFindings, seconds) {
  const rows = [];
  const lines = [];
  for (const pair of PAIRS) {
    const e = eslintFindings.filter((f) => f.rule === pair.eslint);
    const l = looplensFindings.filter((f) => pair.looplens.includes(f.rule));
    const eKeys = new Set(e.map(key));
    const lKeys = new Set(l.map(key));
    const both = [...eKeys].filter((k) => lKeys.has(k));
    const onlyE = e.filter((f) => !lKeys.has(key(f)));
    const onlyL = l.filter((f) => !eKeys.has(key(f)));
    rows.push([pair.eslint, pair.looplens.join(' + '), both.length, new Set(onlyE.map(key)).size, new Set(onlyL.map(key)).size]);
    if (details) {
      for (const f of onlyE) lines.push(`  only ESLint     ${pair.eslint}  ${relative(ROOT, f.file)}:${f.line}  ${f.message}`);
      for (const f of onlyL) lines.push(`  only Loop Lens  ${f.rule}  ${relative(ROOT, f.file)}:${f.line}  ${f.message.slice(0, 140)}`);
    }
  }
  for (const rule of LOOPLENS_ONLY_RULES) {
    const l = looplensFindings.filter((f) => f.rule === rule);
    rows.push(['(no ESLint peer)', rule, 0, 0, l.length]);
    if (details) for (const f of l) lines.push(`  only Loop Lens  ${f.rule}  ${relative(ROOT, f.file)}:${f.line}  ${f.message.slice(0, 140)}`);
  }
  console.log(`\n## ${name}: ${seconds.eslintFiles} files — ESLint (type-aware) ${seconds.eslint.toFixed(1)} s, Loop Lens ${seconds.looplens.toFixed(1)} s\n`);
  const header = ['ESLint rule', 'Loop Lens rule(s)', 'both', 'only ESLint', 'only Loop Lens'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const format = (r) => `| ${r.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  console.log(format(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(format(r));
  if (lines.length) console.log(`\n${lines.join('\n')}`);
}

if (!only || only === 'peers') {
  if (!existsSync(join(ROOT, 'dist/cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
  printPeerScores(scorePeers(ROOT, join(ROOT, 'test/fixtures/typescript/peers')), details);
}

for (const corpus of corpora) {
  if (corpus.files.length === 0) {
    console.log(`\n## ${corpus.name}: not installed (npm install) — skipped`);
    continue;
  }
  let started = performance.now();
  const looplensFindings = runLoopLens(corpus.files);
  const looplensSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const eslintFindings = await runEslint(corpus.files);
  const eslintSeconds = (performance.now() - started) / 1000;
  compare(corpus.name, eslintFindings, looplensFindings, { eslint: eslintSeconds, looplens: looplensSeconds, eslintFiles: corpus.files.length });
}
