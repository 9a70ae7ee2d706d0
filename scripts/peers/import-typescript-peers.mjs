#!/usr/bin/env node
// Converts the peers' public rule tests (typescript-eslint and ESLint, MIT) into
// Loop Lens fixtures: test/fixtures/typescript/peers/<peer-rule>.ts, one case
// after another, each opened by a `// ==== case` line and carrying our
// `expect: <id>` markers on the lines the peer reports.
//
// Usage: node scripts/peers/import-typescript-peers.mjs <typescript-eslint checkout> <eslint checkout>
// (the `fetch` mirrors: git directories are read with `git show HEAD:<path>`).
// The cases where our docs deliberately disagree live in ./typescript-disagreements.mjs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { transformSync } from 'esbuild';
import { DISAGREEMENTS } from './typescript-disagreements.mjs';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');
const OUT = join(ROOT, 'test', 'fixtures', 'typescript', 'peers');
const [tsEslint, eslint] = process.argv.slice(2);
if (!tsEslint || !eslint) {
  console.error('usage: import-typescript-peers.mjs <typescript-eslint git dir> <eslint git dir>');
  process.exit(2);
}

/** Peer rule → test file, and which of its messages our rules cover (messageId → Loop Lens rule, or null: not ours). */
const PEERS = [
  { repo: 'typescript-eslint/typescript-eslint', dir: tsEslint, path: 'packages/eslint-plugin/tests/rules/no-floating-promises.test.ts', rule: 'no-floating-promises', map: () => 'ts/floating-promise' },
  {
    repo: 'typescript-eslint/typescript-eslint', dir: tsEslint, path: 'packages/eslint-plugin/tests/rules/no-misused-promises.test.ts', rule: 'no-misused-promises',
    map: (id) => (id === 'conditional' ? 'ts/promise-in-condition' : id.startsWith('voidReturn') ? 'ts/async-callback-void' : null),
  },
  {
    repo: 'typescript-eslint/typescript-eslint', dir: tsEslint, path: 'packages/eslint-plugin/tests/rules/return-await.test.ts', rule: 'return-await',
    map: (id) => (id.startsWith('requiredPromiseAwait') ? 'ts/return-without-await-in-try' : null),
  },
  { repo: 'typescript-eslint/typescript-eslint', dir: tsEslint, path: 'packages/eslint-plugin/tests/rules/require-await.test.ts', rule: 'require-await', map: () => 'ts/async-without-await' },
  { repo: 'typescript-eslint/typescript-eslint', dir: tsEslint, path: 'packages/eslint-plugin/tests/rules/await-thenable.test.ts', rule: 'await-thenable', map: (id) => (id === 'await' ? 'ts/await-non-thenable' : null) },
  { repo: 'eslint/eslint', dir: eslint, path: 'tests/lib/rules/no-async-promise-executor.js', rule: 'no-async-promise-executor', map: () => 'ts/async-promise-executor' },
  { repo: 'eslint/eslint', dir: eslint, path: 'tests/lib/rules/no-await-in-loop.js', rule: 'no-await-in-loop', map: () => 'ts/await-in-loop' },
];

/** Default options of the peer rules: cases with other options are kept but scored apart. */
const DEFAULT_OPTIONS = { 'return-await': [['in-try-catch']] };

function git(dir, ...args) {
  return execFileSync('git', ['--git-dir', dir.endsWith('.git') || dir.endsWith('repo') ? dir : join(dir, '.git'), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Runs a rule test file with stub imports and returns its `run(...)` calls' cases. */
function loadCases(source, isTs) {
  const code = transformSync(source, { loader: isTs ? 'ts' : 'js', format: 'cjs' }).code;
  const runs = [];
  class RuleTester {
    run(name, _rule, tests) {
      runs.push({ name, tests });
    }
  }
  const noFormat = (strings, ...values) => String.raw({ raw: strings }, ...values);
  const modules = {
    '@typescript-eslint/rule-tester': { noFormat, RuleTester },
    '../RuleTester': { createRuleTesterWithTypes: () => new RuleTester(), getFixturesRootDir: () => '/fixtures', createRuleTesterWithoutTypes: () => new RuleTester() },
    'node:path': { join: (...parts) => parts.join('/'), resolve: (...parts) => parts.join('/'), relative: (_from, to) => to, sep: '/', posix: { join: (...parts) => parts.join('/') } },
    'node:test': { it: () => undefined, describe: () => undefined },
  };
  const require = (name) => {
    if (name in modules) return modules[name];
    if (name.includes('rule-tester')) return RuleTester;
    return {};
  };
  const context = vm.createContext({ process: { env: {}, cwd: () => '/' }, require, module: { exports: {} }, exports: {}, console, describe: (_n, f) => f(), it: () => undefined });
  vm.runInContext(code, context, { timeout: 10_000 });
  return runs.flatMap((run) => [
    ...run.tests.valid.map((test, index) => ({ kind: 'valid', index, test: typeof test === 'string' ? { code: test } : test })),
    ...run.tests.invalid.map((test, index) => ({ kind: 'invalid', index, test })),
  ]);
}

function isTsx(test) {
  return !!test.filename?.endsWith('.tsx') || !!test.languageOptions?.parserOptions?.ecmaFeatures?.jsx;
}

function hasOtherOptions(peer, test) {
  if (!test.options || test.options.length === 0) return false;
  const defaults = DEFAULT_OPTIONS[peer.rule];
  return !defaults || !defaults.some((d) => JSON.stringify(d) === JSON.stringify(test.options));
}

mkdirSync(OUT, { recursive: true });
for (const peer of PEERS) {
  const commit = git(peer.dir, 'rev-parse', 'HEAD').trim();
  const source = git(peer.dir, 'show', `HEAD:${peer.path}`);
  const cases = loadCases(source, peer.path.endsWith('.ts'));
  const out = [
    `// Test cases of ${peer.rule}, converted to Loop Lens fixtures by scripts/peers/import-typescript-peers.mjs.`,
    `// Source: https://github.com/${peer.repo}/blob/${commit}/${peer.path}`,
    `// Copyright the ${peer.repo.split('/')[0]} contributors, MIT licence (https://github.com/${peer.repo}/blob/${commit}/LICENSE).`,
    '// Each case is a separate program: `// ==== case <id> [tags]`. Tags: tsx (JSX), options (non-default peer options:',
    '// scored apart), skip (skipped by the peer), disagrees: <why> (our docs deliberately differ: scored apart),',
    '// not-ours: <messageIds> (the peer reports something no Loop Lens rule covers: scored apart).',
    '',
  ];
  let count = 0;
  for (const { kind, index, test } of cases) {
    if (typeof test.code !== 'string') continue;
    const id = `${peer.rule}/${kind}/${index}`;
    const tags = [];
    if (isTsx(test)) tags.push('tsx');
    if (test.skip || test.only === false) tags.push('skip');
    if (hasOtherOptions(peer, test)) tags.push(`options ${JSON.stringify(test.options)}`);
    else if (test.languageOptions?.globals) tags.push(`options ${JSON.stringify({ globals: test.languageOptions.globals })}`);
    const lines = test.code.replace(/\r\n/g, '\n').split('\n');
    const notOurs = [];
    if (kind === 'invalid') {
      for (const error of test.errors ?? []) {
        const messageId = typeof error === 'object' ? error.messageId ?? '' : '';
        const ours = peer.map(messageId);
        if (!ours) {
          notOurs.push(messageId || 'message');
          continue;
        }
        const row = typeof error === 'object' && error.line ? error.line - 1 : -1;
        if (row < 0 || row >= lines.length) {
          tags.push(`expect-anywhere ${ours}`);
          continue;
        }
        if (!lines[row].includes(`expect: ${ours}`)) lines[row] = lines[row].includes('expect: ') ? `${lines[row]}, ${ours}` : `${lines[row]} // expect: ${ours}`;
      }
    }
    if (notOurs.length > 0) tags.push(`not-ours: ${[...new Set(notOurs)].join(',')}`);
    const reason = DISAGREEMENTS[id];
    if (reason) tags.push(`disagrees: ${reason}`);
    out.push(`// ==== case ${id}${tags.length ? ` [${tags.join('] [')}]` : ''}`, ...lines, '');
    count++;
  }
  writeFileSync(join(OUT, `${peer.rule}.ts`), out.join('\n'));
  console.log(`${peer.rule}: ${count} cases`);
}
