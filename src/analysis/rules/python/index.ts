/** Every Python rule, in the order they run. Adding a rule = one file + its doc + one line here. */
import type { PythonFile } from '../../python/semantics';
import type { Rule } from '../../types';
import { blockingSleep } from './blocking-sleep';
import { nestedAsyncioRun } from './nested-asyncio-run';

export const PYTHON_RULES: readonly Rule<PythonFile>[] = [blockingSleep, nestedAsyncioRun];
