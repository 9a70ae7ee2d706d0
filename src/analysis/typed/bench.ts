/**
 * Timing of the type-aware pass on a real code base (not shipped; see README of the tier in the report):
 *   npx esbuild src/analysis/typed/bench.ts --bundle --platform=node --loader:.md=text \
 *     --alias:web-tree-sitter=./node_modules/web-tree-sitter/web-tree-sitter.cjs --outfile=dist/typed-bench.js
 *   node dist/typed-bench.js node_modules/openai/src client.ts
 * Prints the first run (program build + checks) of one file, an incremental re-check after one edit,
 * and a pass over every TS/JS file of the folder.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TypedAnalyzer } from './analyzer';

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (TypedAnalyzer.handles(path) && !path.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const root = resolve(process.argv[2] ?? '.');
const first = resolve(root, process.argv[3] ?? files(root)[0]!);
const text = readFileSync(first, 'utf8');
/** CPU time of the process in ms (wall time is distorted when other processes share the cores). */
const cpu = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
let started = performance.now();
let startedCpu = cpu();
const analyzer = new TypedAnalyzer(root);
const cold = analyzer.analyze(first, text);
const coldMs = performance.now() - started;
console.log(`first run ${first}: ${coldMs.toFixed(0)} ms wall, ${(cpu() - startedCpu).toFixed(0)} ms CPU (program ${cold.programMs.toFixed(0)} ms, checks ${cold.checkMs.toFixed(0)} ms), ${cold.findings.length} findings, ${cold.configFile ?? 'default program'}`);

const edits: number[] = [];
const editsCpu: number[] = [];
const parts: string[] = [];
for (let i = 0; i < 7; i++) {
  const insertAt = text.lastIndexOf('\n}') + 1;
  const edited = `${text.slice(0, insertAt)}  void ${i};\n${text.slice(insertAt)}`;
  started = performance.now();
  startedCpu = cpu();
  const result = analyzer.analyze(first, i % 2 === 0 ? edited : text);
  edits.push(performance.now() - started);
  editsCpu.push(cpu() - startedCpu);
  parts.push(`${result.programMs.toFixed(0)}+${result.checkMs.toFixed(0)}`);
}
console.log(`re-check after one edit: median ${median(edits).toFixed(0)} ms wall, ${median(editsCpu).toFixed(0)} ms CPU (runs, program+checks: ${parts.join(', ')})`);
if (process.argv.includes('--no-all')) process.exit(0);

const all = files(root);
started = performance.now();
let findings = 0;
const perFile: number[] = [];
for (const file of all) {
  const t = performance.now();
  const source = readFileSync(file, 'utf8');
  const found = analyzer.analyze(file, source).findings;
  findings += found.length;
  if (process.argv.includes('--print')) for (const f of found) console.log(`  ${file}:${source.slice(0, f.start).split('\n').length}: ${f.ruleId} ${f.message}`);
  perFile.push(performance.now() - t);
}
const total = performance.now() - started;
console.log(`all ${all.length} files: ${total.toFixed(0)} ms (median ${median(perFile).toFixed(1)} ms, max ${Math.max(...perFile).toFixed(0)} ms per file), ${findings} findings`);
console.log(`heap used ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB, rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
analyzer.dispose();
