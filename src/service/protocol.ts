/**
 * Messages between the extension host and the engine worker
 * (`dist/engine-worker.js`), which owns every tree-sitter runtime, tree and
 * rule run of the editor so the host's thread never does parsing or analysis
 * itself (timeline predictions run in a process of their own, see
 * src/timeline/sandbox). Plain data only (structured-cloned). Every
 * inbound message is validated on both sides: a malformed one is answered
 * with an error (or dropped when it has no id), never trusted.
 */
import type { ConstructExplanation } from '../analysis/constructs';
import type { Finding, SeveritySetting } from '../analysis/types';
import type { LanguageInfo } from '../parsing/languages';
import type { TextChange } from '../parsing/documentTrees';
import type { CellFinding } from '../analysis/notebook';

export interface AnalyzeParams {
  /** The document's identity (its URI); the worker keeps one tree per key. */
  readonly key: string;
  readonly version: number;
  readonly text: string;
  readonly language: LanguageInfo;
  /** The edits since the last version sent for `key`; the worker re-parses incrementally when they lead from its tree to `text`. */
  readonly changes?: readonly TextChange[];
  readonly severities: Readonly<Record<string, SeveritySetting>>;
  readonly maxFileSizeKb: number;
}

export type AnalyzeResult =
  | { readonly status: 'ok'; readonly findings: Finding[]; readonly ruleErrors: readonly { readonly ruleId: string; readonly message: string }[] }
  /** Not analysed: too big, binary, parse budget, nesting. `reason` is for the log. */
  | { readonly status: 'skipped'; readonly reason: string }
  /** The language's parser crashed (now or recently) and is off until `retryInMs` passed. */
  | { readonly status: 'disabled'; readonly reason: string; readonly retryInMs: number; readonly trapped: boolean };

export interface ExplainParams {
  readonly key: string;
  readonly version: number;
  readonly offset: number;
  /** For a notebook (`key`/`version` of its last analyzeNotebook): the cell (index among the analysed cells) `offset` is in. */
  readonly cell?: number;
}

/** A notebook's Python code cells, analysed together in running-loop mode. */
export interface AnalyzeNotebookParams {
  /** The notebook's identity (its URI). */
  readonly key: string;
  readonly version: number;
  /** The code cells' texts, in order (IPython syntax included). */
  readonly cells: readonly string[];
  readonly severities: Readonly<Record<string, SeveritySetting>>;
  readonly maxFileSizeKb: number;
}

export type AnalyzeNotebookResult =
  | { readonly status: 'ok'; readonly findings: CellFinding[]; readonly ruleErrors: readonly { readonly ruleId: string; readonly message: string }[] }
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'disabled'; readonly reason: string; readonly retryInMs: number; readonly trapped: boolean };

export interface FixAllParams {
  readonly text: string;
  readonly language: LanguageInfo;
  readonly severities: Readonly<Record<string, SeveritySetting>>;
  readonly maxFileSizeKb: number;
  /** A notebook cell: `text` is the cell's, fixed with every code cell of the notebook in view (`cell` indexes `cells`). */
  readonly notebook?: { readonly cells: readonly string[]; readonly cell: number };
}

export interface FixAllResult {
  /** The text with every safe fix applied, or undefined when nothing changes. */
  readonly text: string | undefined;
  readonly applied: number;
}

/** Test-only faults, honoured only by a worker started with `testHooks` (the extension never sets it). */
export interface DebugParams {
  readonly action: 'hang' | 'exit' | 'trap' | 'throw';
  readonly grammar?: LanguageInfo['grammar'];
}

/** Every call: its parameters and what a successful answer carries. */
export interface EngineCalls {
  analyze: { params: AnalyzeParams; result: AnalyzeResult };
  analyzeNotebook: { params: AnalyzeNotebookParams; result: AnalyzeNotebookResult };
  explain: { params: ExplainParams; result: ConstructExplanation | undefined };
  fixAll: { params: FixAllParams; result: FixAllResult };
  debug: { params: DebugParams; result: null };
}

export type CallKind = keyof EngineCalls;

export interface CallRequest<K extends CallKind = CallKind> {
  readonly kind: K;
  readonly id: number;
  readonly params: EngineCalls[K]['params'];
}

/** Notifications: no answer. `forget` drops a document's tree; `reset` drops incremental state (settings changed). */
export type EngineNotice = { readonly kind: 'forget'; readonly key: string } | { readonly kind: 'reset' };

export type EngineRequest = CallRequest | EngineNotice;

export type EngineResponse =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly message: string };

export interface EngineWorkerData {
  /** Folder with web-tree-sitter.wasm and the grammars. */
  readonly wasmDir: string;
  readonly testHooks?: boolean;
  /** Waits before a crashed grammar is retried (RuntimeGuard), ms. */
  readonly retryAfterMs?: readonly number[];
}

const CALL_KINDS: ReadonlySet<string> = new Set<CallKind>(['analyze', 'analyzeNotebook', 'explain', 'fixAll', 'debug']);
const GRAMMARS: ReadonlySet<string> = new Set(['python', 'typescript', 'tsx']);
const SEVERITIES: ReadonlySet<string> = new Set(['error', 'warning', 'info', 'hint', 'off']);

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNat = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const isStr = (value: unknown): value is string => typeof value === 'string';

function isLanguage(value: unknown): value is LanguageInfo {
  return isObj(value) && isStr(value.grammar) && GRAMMARS.has(value.grammar) && (value.family === 'python' || value.family === 'typescript') && typeof value.javascript === 'boolean';
}

function isSeverities(value: unknown): value is Record<string, SeveritySetting> {
  return isObj(value) && Object.values(value).every((setting) => isStr(setting) && SEVERITIES.has(setting));
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(isStr);
}

function isChange(value: unknown): value is TextChange {
  return isObj(value) && isNat(value.rangeOffset) && isNat(value.rangeLength) && isStr(value.text);
}

function validParams(kind: CallKind, p: unknown): boolean {
  if (!isObj(p)) return false;
  switch (kind) {
    case 'analyze':
      return isStr(p.key) && isNat(p.version) && isStr(p.text) && isLanguage(p.language) && isSeverities(p.severities) &&
        typeof p.maxFileSizeKb === 'number' && p.maxFileSizeKb > 0 && (p.changes === undefined || (Array.isArray(p.changes) && p.changes.every(isChange)));
    case 'analyzeNotebook':
      return isStr(p.key) && isNat(p.version) && isStrings(p.cells) && isSeverities(p.severities) && typeof p.maxFileSizeKb === 'number' && p.maxFileSizeKb > 0;
    case 'explain':
      return isStr(p.key) && isNat(p.version) && isNat(p.offset) && (p.cell === undefined || isNat(p.cell));
    case 'fixAll':
      return isStr(p.text) && isLanguage(p.language) && isSeverities(p.severities) && typeof p.maxFileSizeKb === 'number' && p.maxFileSizeKb > 0 &&
        (p.notebook === undefined || (isObj(p.notebook) && isStrings(p.notebook.cells) && isNat(p.notebook.cell) && p.notebook.cell < p.notebook.cells.length));
    case 'debug':
      return isStr(p.action) && ['hang', 'exit', 'trap', 'throw'].includes(p.action) && (p.grammar === undefined || (isStr(p.grammar) && GRAMMARS.has(p.grammar)));
  }
}

/**
 * Classifies an inbound message for the worker: a valid call or notice, a call
 * with a usable id but bad parameters (answered with an error), or garbage (dropped).
 */
export function parseEngineRequest(message: unknown): { readonly request: EngineRequest } | { readonly invalid: string; readonly id?: number } {
  if (!isObj(message)) return { invalid: 'message is not an object' };
  if (message.kind === 'forget') return isStr(message.key) ? { request: { kind: 'forget', key: message.key } } : { invalid: 'forget without a key' };
  if (message.kind === 'reset') return { request: { kind: 'reset' } };
  if (!isStr(message.kind) || !CALL_KINDS.has(message.kind)) return { invalid: `unknown message kind ${JSON.stringify(String(message.kind)).slice(0, 40)}` };
  if (!isNat(message.id)) return { invalid: `${message.kind} without a numeric id` };
  const kind = message.kind as CallKind;
  if (!validParams(kind, message.params)) return { invalid: `malformed ${kind} parameters`, id: message.id };
  return { request: { kind, id: message.id, params: message.params } as CallRequest };
}

export function isEngineResponse(value: unknown): value is EngineResponse {
  if (!isObj(value) || !isNat(value.id)) return false;
  return value.ok === true ? 'value' in value : value.ok === false && isStr(value.message);
}
