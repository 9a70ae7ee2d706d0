/** Every TypeScript/JavaScript rule, in the order they run. Adding a rule = one file + its doc + one line here. */
import type { Rule } from '../../types';
import type { TsFile } from '../../typescript/semantics';
import { asyncCallbackVoid } from './async-callback-void';
import { asyncForeach } from './async-foreach';
import { asyncPromiseExecutor } from './async-promise-executor';
import { asyncWithoutAwait } from './async-without-await';
import { awaitNonThenable } from './await-non-thenable';
import { awaitInLoop } from './await-in-loop';
import { blockingSyncCall } from './blocking-sync-call';
import { busyWait } from './busy-wait';
import { floatingPromise } from './floating-promise';
import { promiseInCondition } from './promise-in-condition';
import { returnWithoutAwaitInTry } from './return-without-await-in-try';

export const TYPESCRIPT_RULES: readonly Rule<TsFile>[] = [
  floatingPromise,
  asyncForeach,
  asyncCallbackVoid,
  asyncPromiseExecutor,
  promiseInCondition,
  returnWithoutAwaitInTry,
  blockingSyncCall,
  busyWait,
  awaitInLoop,
  asyncWithoutAwait,
  awaitNonThenable,
];
