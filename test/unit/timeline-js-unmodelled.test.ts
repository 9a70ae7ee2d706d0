/**
 * The JavaScript/TypeScript timeline on programs that import real third-party
 * packages (test/timeline/unmodelled/js). The ground truth is the program run
 * in real `node` against stub packages (test/timeline/stubs/js/node_modules,
 * out of the prediction's sight) that implement the documented convention for
 * unmodelled code: every call returns at once an opaque value that is also
 * awaitable and completes 100 ms after the call. Same verdict as the
 * differential corpus (timeline-differential.ts); each program must also carry
 * an `assumed` note for its unmodelled imports.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { listPrograms, runCorpus, verdict, type Case } from './timeline-differential';

const REPO = process.cwd();
const PROGRAMS = join(REPO, 'test', 'timeline', 'unmodelled', 'js');
const STUBS = join(REPO, 'test', 'timeline', 'stubs', 'js', 'node_modules');

/** Programs the prediction still gets wrong, with the reason (reported as TODO, never as passing). */
const KNOWN_MISSES: Record<string, string> = {
};

describe('JS timeline on unmodelled packages vs node with convention stubs', () => {
  const programs = listPrograms(PROGRAMS);
  let cases: Case[] = [];

  before(async () => {
    cases = await runCorpus(PROGRAMS, programs, { stubModules: STUBS });
  });

  after(() => {
    const passed = cases.filter((c) => verdict(c) === undefined).length;
    console.log(`# unmodelled score: ${passed}/${cases.length} JS/TS programs`);
  });

  test('the corpus has at least 12 programs', () => {
    assert.ok(programs.length >= 12, `${programs.length} programs`);
  });

  for (const name of programs) {
    const todo = KNOWN_MISSES[name];
    test(name, todo ? { todo } : {}, () => {
      const found = cases.find((c) => c.name === name);
      assert.ok(found, 'program was run');
      assert.ok(found.model.notes.some((n) => n.kind === 'assumed'), 'the prediction names its assumptions');
      const problem = verdict(found);
      assert.equal(problem, undefined, problem);
    });
  }
});
