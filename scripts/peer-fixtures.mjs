// Scores Loop Lens on the peers' own test cases (test/fixtures/python/peers/): each file names the
// rules it scores (`# Scored rules: ...`); a line the peer expects carries `expect: <rule>`; a line
// marked `docs-disagree: <reason>` is where our docs deliberately differ and is counted apart.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Findings of `looplens check --format json` on the given paths. */
export function checkJson(cli, paths) {
  let output;
  try {
    output = execFileSync(process.execPath, [cli, 'check', '--format', 'json', ...paths], { encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch (error) {
    // Exit code 1 means "findings reported".
    if (error.status !== 1) throw error;
    output = error.stdout;
  }
  return JSON.parse(output);
}

/** Per file and rule: expected lines found (tp), missed (fn), extra findings (fp), and the docs-disagree lines apart. */
export function scorePeerFixtures(cli, dir) {
  const files = readdirSync(dir).filter((name) => name.endsWith('.py')).sort().map((name) => join(dir, name));
  const findings = checkJson(cli, files);
  const rows = [];
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    const scored = (/^# Scored rules: (.*)$/m.exec(lines.join('\n'))?.[1] ?? '').split(',').map((r) => r.trim()).filter(Boolean);
    for (const rule of scored) {
      const expected = new Set();
      const disagree = new Set();
      lines.forEach((line, i) => {
        const comment = line.indexOf('#') >= 0 ? line : '';
        if (/docs-disagree:/.test(comment)) disagree.add(i + 1);
        else {
          const match = /expect:\s*([\w/,\s-]+)/.exec(comment);
          if (match && match[1].split(/[\s,]+/).includes(rule)) expected.add(i + 1);
        }
      });
      const found = new Set(findings.filter((f) => resolve(f.file) === resolve(file) && f.code === rule).map((f) => f.line));
      const row = { file, rule, tp: [], fn: [], fp: [], disagreeFound: [], disagreeLines: disagree.size };
      for (const line of expected) (found.has(line) ? row.tp : row.fn).push(line);
      for (const line of found) {
        if (disagree.has(line)) row.disagreeFound.push(line);
        else if (!expected.has(line)) row.fp.push(line);
      }
      rows.push(row);
    }
  }
  return rows;
}

const percent = (a, b) => (b === 0 ? '  n/a' : `${((100 * a) / b).toFixed(1).padStart(5)}`);

/** Prints the per-file table and the totals; returns the totals. */
export function printPeerScores(rows, details = false) {
  const name = (row) => `${row.file.split('/').pop()} ${row.rule}`;
  const width = Math.max(...rows.map((r) => name(r).length), 10);
  console.log(`${'peer fixture / rule'.padEnd(width)}  found  missed  extra  recall  precision  docs-disagree`);
  const total = { tp: 0, fn: 0, fp: 0, disagree: 0 };
  for (const row of rows) {
    total.tp += row.tp.length;
    total.fn += row.fn.length;
    total.fp += row.fp.length;
    total.disagree += row.disagreeLines;
    console.log(`${name(row).padEnd(width)}  ${String(row.tp.length).padStart(5)}  ${String(row.fn.length).padStart(6)}  ${String(row.fp.length).padStart(5)}  ${percent(row.tp.length, row.tp.length + row.fn.length)}%  ${percent(row.tp.length, row.tp.length + row.fp.length)}%     ${String(row.disagreeLines).padStart(10)}`);
    if (details) {
      for (const line of row.fn) console.log(`    missed ${row.file}:${line}`);
      for (const line of row.fp) console.log(`    extra  ${row.file}:${line}`);
    }
  }
  console.log(`${'TOTAL'.padEnd(width)}  ${String(total.tp).padStart(5)}  ${String(total.fn).padStart(6)}  ${String(total.fp).padStart(5)}  ${percent(total.tp, total.tp + total.fn)}%  ${percent(total.tp, total.tp + total.fp)}%     ${String(total.disagree).padStart(10)}`);
  return total;
}
