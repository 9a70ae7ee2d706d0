/**
 * Worker threads for `looplens check` over many files: each worker owns a
 * parser and analyses the files it is handed one at a time (the next file
 * goes to whichever worker finishes first), and the results are returned
 * indexed by file, so the output order does not depend on scheduling.
 */
import { Worker } from 'node:worker_threads';
import type { FileCheckOptions } from './analyzeFile';
import type { CliFinding } from './format';

/** Sent to a worker: analyse files[index]. */
export interface PoolRequest {
  readonly index: number;
  readonly file: string;
}

/** Sent back: the file's stderr lines and findings with positions, or the internal error it hit. */
export type PoolResponse =
  | { readonly index: number; readonly stderr: string[]; readonly ioError: boolean; readonly findings: CliFinding[] }
  | { readonly index: number; readonly error: string };

export type PoolFileResult = Extract<PoolResponse, { findings: CliFinding[] }>;

/** Data every worker starts with. */
export interface PoolWorkerData {
  readonly looplensCheckWorker: true;
  readonly options: FileCheckOptions;
}

/** Files below this count are checked in-process: starting workers (and their grammars) costs more. */
export const MIN_FILES_FOR_WORKERS = 8;

/** Analyses `files` on `threads` workers running `workerPath`; results are in file order. */
export async function checkFilesInWorkers(files: readonly string[], options: FileCheckOptions, workerPath: string, threads: number): Promise<PoolFileResult[]> {
  const results: (PoolFileResult | undefined)[] = new Array(files.length);
  const workerData: PoolWorkerData = { looplensCheckWorker: true, options };
  const workers: Worker[] = [];
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (worker: Worker): void => {
        if (next < files.length) {
          const request: PoolRequest = { index: next, file: files[next]! };
          next++;
          worker.postMessage(request);
        }
      };
      const count = Math.max(1, Math.min(threads, files.length));
      for (let i = 0; i < count; i++) {
        const worker = new Worker(workerPath, { workerData });
        workers.push(worker);
        worker.on('message', (response: PoolResponse) => {
          if ('error' in response) {
            reject(new Error(`${files[response.index]}: ${response.error}`));
            return;
          }
          results[response.index] = response;
          done++;
          if (done === files.length) resolve();
          else feed(worker);
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (done < files.length) reject(new Error(`a check worker exited early (code ${code})`));
        });
        // Two files in flight per worker: it never waits for the main thread between files.
        feed(worker);
        feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results as PoolFileResult[];
}
