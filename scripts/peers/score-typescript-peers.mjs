// Scores Loop Lens on the peers' own test cases (test/fixtures/typescript/peers, made by
// import-typescript-peers.mjs): every case becomes a file of its own in a throw-away
// project, `looplens check` and `looplens check --type-aware` run over it, and each
// peer rule gets recall (marked lines found) and precision (findings on marked lines)
// for the Loop Lens rules that cover it. Cases tagged options / skip / disagrees /
// not-ours (without any marked line) are counted apart, not scored.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Peer rule → the Loop Lens rules that answer for it (a finding of any of them on a marked line counts). */
export const PEER_RULES = {
  'no-floating-promises': ['ts/floating-promise'],
  'no-misused-promises': ['ts/promise-in-condition', 'ts/async-callback-void', 'ts/async-foreach', 'ts/async-promise-executor'],
  'return-await': ['ts/return-without-await-in-try'],
  'require-await': ['ts/async-without-await'],
  'await-thenable': ['ts/await-non-thenable'],
  'no-async-promise-executor': ['ts/async-promise-executor'],
  'no-await-in-loop': ['ts/await-in-loop'],
};
const JS_PEERS = new Set(['no-async-promise-executor', 'no-await-in-loop']);
/** Peer rules whose Loop Lens rule is type-aware only (documented): not scored for `check`. */
const TYPED_ONLY = new Set(['await-thenable']);

/** The cases of one peer fixture file: id, tags, and the code lines. */
export function parseCases(text) {
  const cases = [];
  let current;
  for (const line of text.split('\n')) {
    const header = /^\/\/ ==== case (\S+)(.*)$/.exec(line);
    if (header) {
      const tags = [...header[2].matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]);
      current = { id: header[1], tags, lines: [] };
      cases.push(current);
    } else if (current) current.lines.push(line);
  }
  for (const c of cases) while (c.lines.length > 0 && c.lines.at(-1) === '') c.lines.pop();
  return cases;
}

function markedLines(lines, rules) {
  const rows = new Set();
  lines.forEach((line, index) => {
    const match = /expect:\s*([\w/,\s-]+)/.exec(line);
    if (match && match[1].split(/[\s,]+/).some((id) => rules.includes(id))) rows.add(index + 1);
  });
  return rows;
}

function apartReason(c, expected) {
  const tag = (prefix) => c.tags.find((t) => t.startsWith(prefix));
  if (tag('disagrees')) return 'disagrees';
  if (tag('skip')) return 'skip';
  if (tag('options')) return 'options';
  if (tag('not-ours') && expected.size === 0 && !tag('expect-anywhere')) return 'not-ours';
  return undefined;
}

function runCli(root, cwd, typeAware) {
  const args = [join(root, 'dist', 'cli.js'), 'check', '--format', 'json', '--jobs', '1', ...(typeAware ? ['--type-aware'] : []), '.'];
  let output;
  try {
    output = execFileSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if (error.status !== 1) throw new Error(`looplens failed (${error.status}): ${error.stderr}`);
    output = error.stdout;
  }
  return JSON.parse(output);
}

/** Scores both modes; returns per-peer rows and the detail lines. */
export function scorePeers(root, peersDir) {
  const dir = mkdtempSync(join(tmpdir(), 'looplens-peers-'));
  const byFile = new Map();
  try {
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'es2022', module: 'esnext', moduleResolution: 'bundler', strict: true, jsx: 'preserve', allowJs: true, checkJs: false, noEmit: true,
          lib: ['es2023', 'esnext'], types: ['node'], typeRoots: [join(root, 'node_modules', '@types')], experimentalDecorators: true, skipLibCheck: true,
        },
        include: ['*.ts', '*.tsx', '*.js'],
      }),
    );
    for (const name of readdirSync(peersDir).filter((n) => n.endsWith('.ts')).sort()) {
      const peer = name.replace(/\.ts$/, '');
      const rules = PEER_RULES[peer];
      if (!rules) continue;
      for (const c of parseCases(readFileSync(join(peersDir, name), 'utf8'))) {
        const ext = JS_PEERS.has(peer) ? 'js' : c.tags.includes('tsx') ? 'tsx' : 'ts';
        const file = `${c.id.replace(/\//g, '__')}.${ext}`;
        // A module of its own: declarations of one case never clash with another's.
        const module = /^\s*(import|export)\s/m.test(c.lines.join('\n')) ? '' : '\nexport {};';
        writeFileSync(join(dir, file), `${c.lines.join('\n')}\n${module}\n`);
        byFile.set(file, { peer, rules, c, expected: markedLines(c.lines, rules) });
      }
    }
    const results = {};
    for (const mode of ['check', 'type-aware']) {
      const findings = runCli(root, dir, mode === 'type-aware');
      const found = new Map();
      for (const f of findings) {
        const entry = byFile.get(f.file.replace(/^\.\//, ''));
        if (!entry || !entry.rules.includes(f.code)) continue;
        if (!found.has(f.file)) found.set(f.file, new Set());
        found.get(f.file).add(f.line);
      }
      results[mode] = found;
    }
    const rows = [];
    const details = [];
    const apart = {};
    for (const peer of Object.keys(PEER_RULES)) {
      const row = { peer, cases: 0, expected: 0 };
      for (const mode of ['check', 'type-aware']) row[mode] = { tp: 0, fn: 0, fp: 0 };
      for (const [file, entry] of byFile) {
        if (entry.peer !== peer) continue;
        const reason = apartReason(entry.c, entry.expected);
        if (reason) {
          apart[reason] = (apart[reason] ?? 0) + 1;
          continue;
        }
        row.cases++;
        const anywhere = entry.c.tags.some((t) => t.startsWith('expect-anywhere'));
        row.expected += entry.expected.size + (anywhere ? 1 : 0);
        for (const mode of ['check', 'type-aware']) {
          const lines = results[mode].get(file) ?? new Set();
          const score = row[mode];
          for (const line of entry.expected) {
            if (lines.has(line)) score.tp++;
            else {
              score.fn++;
              details.push(`${mode.padEnd(10)} missed  ${entry.c.id}:${line}`);
            }
          }
          if (anywhere) {
            if (lines.size > 0) score.tp++;
            else {
              score.fn++;
              details.push(`${mode.padEnd(10)} missed  ${entry.c.id} (anywhere)`);
            }
            continue;
          }
          for (const line of lines) {
            if (entry.expected.has(line)) continue;
            score.fp++;
            details.push(`${mode.padEnd(10)} extra   ${entry.c.id}:${line}`);
          }
        }
      }
      rows.push(row);
    }
    return { rows, details, apart };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const percent = (part, whole) => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(0)} %`);

export function printPeerScores({ rows, details, apart }, showDetails) {
  const table = [['peer rule', 'cases', 'marked', 'check recall', 'check precision', 'typed recall', 'typed precision']];
  const total = { cases: 0, expected: 0, check: { tp: 0, fn: 0, fp: 0 }, 'type-aware': { tp: 0, fn: 0, fp: 0 } };
  for (const row of rows) {
    total.cases += row.cases;
    total.expected += row.expected;
    for (const mode of ['check', 'type-aware']) {
      if (mode === 'check' && TYPED_ONLY.has(row.peer)) continue;
      for (const k of ['tp', 'fn', 'fp']) total[mode][k] += row[mode][k];
    }
  }
  for (const row of [...rows, { ...total, peer: 'all' }]) {
    const c = row.check;
    const t = row['type-aware'];
    const checkCells = TYPED_ONLY.has(row.peer) ? ['n/a (type-aware only)', ''] : [percent(c.tp, c.tp + c.fn), percent(c.tp, c.tp + c.fp)];
    table.push([row.peer, row.cases, row.expected, ...checkCells, percent(t.tp, t.tp + t.fn), percent(t.tp, t.tp + t.fp)]);
  }
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => String(r[i]).length)));
  const format = (r) => `| ${r.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ')} |`;
  console.log('\n## peers: typescript-eslint and ESLint rule tests (test/fixtures/typescript/peers)\n');
  console.log(format(table[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of table.slice(1)) console.log(format(r));
  console.log(`\n"all" for check leaves out ${[...TYPED_ONLY].join(', ')} (its rule needs types: ts/await-non-thenable is documented as type-aware only).`);
  console.log(`\nScored apart: ${Object.entries(apart).map(([k, v]) => `${v} ${k}`).join(', ') || 'none'}.`);
  if (showDetails && details.length) console.log(`\n${details.join('\n')}`);
}
