/**
 * Entry point of the engine worker (`dist/engine-worker.js`). Answers the
 * extension host's calls one at a time, in arrival order, from one
 * EngineSession. Malformed messages are answered with an error (or dropped
 * when they carry no id) — never trusted, never fatal.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseEngineRequest, type CallRequest, type EngineResponse, type EngineWorkerData } from './protocol';
import { EngineSession } from './session';

const data = workerData as EngineWorkerData;
const session = new EngineSession({
  wasmDir: data.wasmDir,
  ...(data.retryAfterMs ? { retryAfterMs: data.retryAfterMs } : {}),
});

async function answer(request: CallRequest): Promise<unknown> {
  switch (request.kind) {
    case 'analyze':
      return session.analyze(request.params as CallRequest<'analyze'>['params']);
    case 'analyzeNotebook':
      return session.analyzeNotebook(request.params as CallRequest<'analyzeNotebook'>['params']);
    case 'explain':
      return session.explain(request.params as CallRequest<'explain'>['params']);
    case 'fixAll':
      return session.fixAll(request.params as CallRequest<'fixAll'>['params']);
    case 'debug': {
      const params = request.params as CallRequest<'debug'>['params'];
      if (!data.testHooks) throw new Error('debug calls are only accepted by a worker started with test hooks');
      if (params.action === 'hang') for (;;);
      if (params.action === 'exit') process.exit(3);
      if (params.action === 'throw') setImmediate(() => { throw new Error('injected uncaught error'); });
      return session.debug(params);
    }
  }
}

let queue: Promise<void> = Promise.resolve();

parentPort?.on('message', (message: unknown) => {
  queue = queue.then(async () => {
    const parsed = parseEngineRequest(message);
    if ('invalid' in parsed) {
      if (parsed.id !== undefined) post({ id: parsed.id, ok: false, message: `rejected: ${parsed.invalid}` });
      return;
    }
    const request = parsed.request;
    if (request.kind === 'forget') return session.forget(request.key);
    if (request.kind === 'reset') return session.reset();
    try {
      post({ id: request.id, ok: true, value: await answer(request) });
    } catch (error) {
      post({ id: request.id, ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
});

function post(response: EngineResponse): void {
  parentPort?.postMessage(response);
}
