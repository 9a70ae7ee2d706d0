/**
 * `npm run fuzz [-- SECONDS] [--seed N] [--replay FILE...]`: the long fuzz run
 * (bundled by scripts/fuzz.mjs). Runs mutants until the time budget is spent,
 * prints a summary, saves failing inputs to test-results/fuzz/ and exits 1 when
 * anything failed.
 */
import { FUZZ_CHILD_ENV, LONG_LIMITS, replayFiles, runChild, runFuzz } from './harness';

async function main(argv: string[]): Promise<number> {
  const replay = argv.indexOf('--replay');
  if (replay !== -1) {
    const results = await replayFiles(__filename, argv.slice(replay + 1), 30_000);
    for (const result of results) console.log(`${result.problems.length === 0 ? 'ok  ' : 'FAIL'} ${result.path} (${Math.round(result.ms)} ms ${JSON.stringify(result.phases ?? {})})${result.problems.map((p) => `\n  ${p.kind}: ${p.detail}`).join('')}`);
    return results.some((r) => r.problems.length > 0) ? 1 : 0;
  }
  const seedAt = argv.indexOf('--seed');
  const runSeed = seedAt !== -1 ? Number(argv[seedAt + 1]) : Date.now() % 1_000_000;
  const seconds = Number(argv.find((arg, i) => /^\d+$/.test(arg) && argv[i - 1] !== '--seed') ?? 300);
  const started = Date.now();
  console.log(`looplens fuzz: seed ${runSeed}, budget ${seconds} s (replay one case with --seed ${runSeed}; failing inputs go to test-results/fuzz/)`);
  let last = 0;
  const report = await runFuzz({
    childScript: __filename, runSeed, to: Number.MAX_SAFE_INTEGER, caseTimeoutMs: 60_000, deadline: started + seconds * 1000, limits: LONG_LIMITS,
    onProgress: (done) => {
      if (Date.now() - last > 10_000) {
        last = Date.now();
        console.log(`  ${done} cases, ${Math.round((Date.now() - started) / 1000)} s`);
      }
    },
  });
  console.log(`looplens fuzz: ${report.cases} cases (${report.parsed} parsed within budget, ${report.fixesChecked} quick fixes checked on inputs that parsed) in ${Math.round((Date.now() - started) / 1000)} s; slowest case ${report.slowestId} ${Math.round(report.slowestMs)} ms ${JSON.stringify(report.slowestPhases)}; ${report.failures.length} failing`);
  for (const failure of report.failures) {
    console.log(`FAIL ${failure.id} (${failure.seedName}: ${failure.mutations.join(', ')}) -> ${failure.savedAs ?? 'not saved'}`);
    for (const problem of failure.problems) console.log(`  ${problem.kind}: ${problem.detail.split('\n').slice(0, 6).join('\n    ')}`);
  }
  return report.failures.length > 0 ? 1 : 0;
}

if (process.env[FUZZ_CHILD_ENV]) runChild();
else void main(process.argv.slice(2)).then((status) => (process.exitCode = status));
