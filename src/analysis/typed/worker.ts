/**
 * Entry point of the type-aware worker (`dist/typed-worker.js`): one
 * TypedAnalyzer per workspace root, requests answered in order. Runs off the
 * extension host's main thread; its heap is capped by the client's `resourceLimits`.
 */
import { parentPort } from 'node:worker_threads';
import { TypedAnalyzer } from './analyzer';
import type { TypedRequest, TypedResponse } from './protocol';

const analyzers = new Map<string, TypedAnalyzer>();

function analyzerFor(rootDir: string): TypedAnalyzer {
  let analyzer = analyzers.get(rootDir);
  if (!analyzer) analyzers.set(rootDir, (analyzer = new TypedAnalyzer(rootDir)));
  return analyzer;
}

function handle(request: TypedRequest): TypedResponse | undefined {
  if (request.kind === 'close') {
    analyzers.get(request.rootDir)?.close(request.filePath);
    return undefined;
  }
  if (request.kind === 'changed') {
    for (const analyzer of analyzers.values()) analyzer.fileChanged(request.filePath);
    return undefined;
  }
  try {
    const result = analyzerFor(request.rootDir).analyze(request.filePath, request.text, { severities: request.severities, budgetMs: request.budgetMs });
    return { kind: 'result', id: request.id, ...result };
  } catch (error) {
    return { kind: 'error', id: request.id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

parentPort?.on('message', (request: TypedRequest) => {
  const response = handle(request);
  if (response) parentPort?.postMessage(response);
});
