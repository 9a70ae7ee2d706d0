/** Entry of a `looplens check` worker thread (see pool.ts): analyses the files it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { ParserSlot, checkFile, toCliFindings } from './analyzeFile';
import type { PoolRequest, PoolResponse, PoolWorkerData } from './pool';

const port = parentPort;
const data = workerData as PoolWorkerData | undefined;
if (port && data?.looplensCheckWorker) {
  const parser = new ParserSlot();
  // Files are analysed one after the other, in the order they arrive.
  let queue = Promise.resolve();
  port.on('message', (request: PoolRequest) => {
    queue = queue.then(async () => {
      let response: PoolResponse;
      try {
        const outcome = await checkFile(parser, request.file, data.options);
        const findings = outcome.analysed ? toCliFindings(request.file, outcome.analysed.text, outcome.analysed.found) : (outcome.notebookFindings ?? []);
        response = { index: request.index, stderr: outcome.stderr, ioError: outcome.ioError, findings };
      } catch (error) {
        response = { index: request.index, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      }
      port.postMessage(response);
    });
  });
}
