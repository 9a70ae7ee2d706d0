/**
 * B3's engine bundle (dist/bench/cold-engine.js): only what the editor loads
 * to analyse a document — GrammarLoader, DocumentTrees, IncrementalAnalyzer
 * and the rules — so loading this bundle costs what loading the engine costs.
 *
 * Loaded with require() it exports `activationToDiagnostics`. Started as a
 * worker thread it runs the same path on `workerData` and posts the result:
 * what the editor pays when the analysis lives in a worker (spawn, bundle
 * load, grammar, parse, analysis).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { IncrementalAnalyzer } from '../src/analysis/incremental';
import { DocumentTrees } from '../src/parsing/documentTrees';
import { GrammarLoader } from '../src/parsing/grammars';
import type { LanguageInfo } from '../src/parsing/languages';

/** The parts of a cold start, ms. */
export interface ColdResult {
  /** Runtime start + grammar read/compile/instantiate. */
  readonly loadMs: number;
  /** First parse of the file. */
  readonly parseMs: number;
  /** First analysis (queries compiled, rules' first run). */
  readonly analyzeMs: number;
  /** All of the above. */
  readonly ms: number;
  readonly findings: number;
}

/** What the extension does on activation for the first open document: load runtime + grammar, parse, analyse. */
export async function activationToDiagnostics(text: string, language: LanguageInfo, wasmDir: string): Promise<ColdResult> {
  const t = performance.now();
  const grammars = new GrammarLoader(wasmDir);
  const trees = new DocumentTrees();
  const analyzer = new IncrementalAnalyzer();
  const grammar = await grammars.load(language.grammar);
  const loaded = performance.now();
  const parsed = trees.update('first', 1, text, language.grammar, grammar);
  const parsedAt = performance.now();
  const findings = analyzer.analyze(parsed, language);
  const end = performance.now();
  trees.dispose();
  return { loadMs: loaded - t, parseMs: parsedAt - loaded, analyzeMs: end - parsedAt, ms: end - t, findings: findings.length };
}

export interface ColdWorkerData {
  readonly text: string;
  readonly language: LanguageInfo;
  readonly wasmDir: string;
}

if (!isMainThread && parentPort && (workerData as { coldEngine?: ColdWorkerData } | undefined)?.coldEngine) {
  const { text, language, wasmDir } = (workerData as { coldEngine: ColdWorkerData }).coldEngine;
  // Absolute time (ms since the epoch) the worker's script started: the spawn cost as seen from the parent.
  const startedAt = performance.timeOrigin + performance.now();
  const port = parentPort;
  activationToDiagnostics(text, language, wasmDir).then(
    (result) => port.postMessage({ ok: true, result, startedAt }),
    (error: unknown) => port.postMessage({ ok: false, error: String(error) }),
  );
}
