/** Every Python rule, in the order they run. Adding a rule = one file + its doc + one line here. */
import type { PythonFile } from '../../python/semantics';
import type { Rule } from '../../types';
import { asyncWithoutAwait } from './async-without-await';
import { awaitInLoop } from './await-in-loop';
import { awaitOutsideAsync } from './await-outside-async';
import { blockingFileIo } from './blocking-file-io';
import { blockingHttp } from './blocking-http';
import { blockingInput } from './blocking-input';
import { blockingSleep } from './blocking-sleep';
import { blockingSubprocess } from './blocking-subprocess';
import { blockingSyncPrimitive } from './blocking-sync-primitive';
import { busyLoop } from './busy-loop';
import { coroutineInCondition } from './coroutine-in-condition';
import { danglingTask } from './dangling-task';
import { getEventLoop } from './get-event-loop';
import { missingAsyncioRun } from './missing-asyncio-run';
import { nestedAsyncioRun } from './nested-asyncio-run';
import { swallowedCancellation } from './swallowed-cancellation';
import { unawaitedCoroutine } from './unawaited-coroutine';

export const PYTHON_RULES: readonly Rule<PythonFile>[] = [
  blockingSleep,
  blockingHttp,
  blockingSubprocess,
  blockingFileIo,
  blockingInput,
  blockingSyncPrimitive,
  nestedAsyncioRun,
  getEventLoop,
  unawaitedCoroutine,
  coroutineInCondition,
  missingAsyncioRun,
  danglingTask,
  swallowedCancellation,
  busyLoop,
  awaitOutsideAsync,
  awaitInLoop,
  asyncWithoutAwait,
];
