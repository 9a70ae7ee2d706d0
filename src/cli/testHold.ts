/**
 * Test-only hook: with `LOOPLENS_TEST_HOLD_ANALYSIS=<path>` in the environment,
 * the first file analysis (in-process or in a check worker) writes `<path>`
 * and then never finishes, so a test can interrupt the CLI "during the
 * analysis" deterministically instead of racing it. Without the variable it costs nothing.
 */
import { writeFileSync } from 'node:fs';

let held: Promise<never> | undefined;

export function holdAnalysisForTests(): Promise<void> | undefined {
  const marker = process.env.LOOPLENS_TEST_HOLD_ANALYSIS;
  if (!marker) return undefined;
  held ??= new Promise<never>(() => {
    writeFileSync(marker, `${process.pid}\n`);
    // A live timer keeps the process (or worker) running while held.
    setInterval(() => undefined, 1 << 30);
  });
  return held;
}
