/**
 * The messages between a PredictionRunner and its prediction process
 * (`dist/timeline-sandbox.js`): exactly one request in, one answer out, plain
 * JSON over the IPC channel. Both directions are validated: the child checks
 * the request (a malformed one is answered with a clear error), the parent
 * checks the answer (the child ran untrusted code, so its answer is untrusted too).
 */
import type { NotebookPrediction } from '../index';
import type { TimelineModel } from '../model';
import { isTimelineModel } from '../protocol';

/** Largest program text and largest total of imported files a request may carry (characters). */
export const SANDBOX_LIMITS = {
  maxSourceChars: 4 * 1024 * 1024,
  maxFiles: 2000,
  maxFilesChars: 32 * 1024 * 1024,
  maxPathChars: 4096,
} as const;

export interface SandboxRequest {
  readonly kind: 'predict';
  readonly source: string;
  readonly fileName: string;
  readonly moduleKind?: 'commonjs' | 'esm';
  readonly stepBudget?: number;
  /** Absolute path → text of the workspace files the program may import (the child never opens files). */
  readonly files?: Readonly<Record<string, string>>;
  readonly workspaceRoot?: string;
  readonly ioLatencyMs?: number;
  /** The parent's wall-clock limit; the child's own watchdog ends the process a little after it. */
  readonly timeLimitMs?: number;
  /** A notebook cell: the earlier code cells run first, then the cell, on the kernel's running loop. */
  readonly notebook?: NotebookPrediction;
}

/** Child → parent. `ready` is sent once the runtime is loaded (a warm spare says it before any request). */
export type SandboxMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'result'; readonly model: TimelineModel }
  /** The request was malformed (a bug of the caller): refused without running anything. */
  | { readonly kind: 'rejected'; readonly message: string }
  /** The engine itself failed (e.g. the parser's runtime trapped); one line, no stack. */
  | { readonly kind: 'failed'; readonly message: string };

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const own = (value: Obj, key: string): unknown => (Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined);
const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max;
const isPositive = (value: unknown, max: number): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= max;

const KNOWN_KEYS: ReadonlySet<string> = new Set(['kind', 'source', 'fileName', 'moduleKind', 'stepBudget', 'files', 'workspaceRoot', 'ioLatencyMs', 'timeLimitMs', 'notebook']);

const isTexts = (value: unknown, max: number): value is string[] => Array.isArray(value) && value.length <= 100_000 && value.every((v) => isText(v, max));

function notebookProblem(value: unknown): string | undefined {
  if (!isObj(value)) return 'notebook must be an object';
  if (!isTexts(own(value, 'setup'), SANDBOX_LIMITS.maxSourceChars)) return 'notebook.setup must be a list of cell texts';
  if (!isText(own(value, 'cell'), SANDBOX_LIMITS.maxSourceChars)) return 'notebook.cell must be a string';
  const labels = own(value, 'labels');
  if (!(labels === undefined || isTexts(labels, 200))) return 'notebook.labels must be a list of short strings';
  const total = (own(value, 'setup') as string[]).reduce((n, cell) => n + cell.length, (own(value, 'cell') as string).length);
  if (total > SANDBOX_LIMITS.maxFilesChars) return 'the notebook cells are too large';
  return Object.keys(value).every((key) => key === 'setup' || key === 'cell' || key === 'labels') ? undefined : 'notebook has an unknown field';
}

function filesProblem(value: unknown): string | undefined {
  if (!isObj(value)) return 'files must be an object of path → text';
  const entries = Object.keys(value);
  if (entries.length > SANDBOX_LIMITS.maxFiles) return `more than ${SANDBOX_LIMITS.maxFiles} files`;
  let total = 0;
  for (const path of entries) {
    const text = own(value, path);
    if (path.length === 0 || path.length > SANDBOX_LIMITS.maxPathChars) return 'a file path is empty or too long';
    if (typeof text !== 'string') return `the text of ${path.slice(0, 200)} is not a string`;
    total += text.length;
    if (total > SANDBOX_LIMITS.maxFilesChars) return `the files hold more than ${SANDBOX_LIMITS.maxFilesChars} characters`;
  }
  return undefined;
}

/** Validates the one request a prediction process accepts: the request, or why it is refused. */
export function parseSandboxRequest(message: unknown): { readonly request: SandboxRequest } | { readonly invalid: string } {
  if (!isObj(message)) return { invalid: 'the request is not an object' };
  if (own(message, 'kind') !== 'predict') return { invalid: `unknown request kind ${JSON.stringify(String(own(message, 'kind'))).slice(0, 40)}` };
  const unknown = Object.keys(message).find((key) => !KNOWN_KEYS.has(key));
  if (unknown !== undefined) return { invalid: `unknown field ${JSON.stringify(unknown.slice(0, 40))}` };
  if (!isText(own(message, 'source'), SANDBOX_LIMITS.maxSourceChars)) return { invalid: `source must be a string of at most ${SANDBOX_LIMITS.maxSourceChars} characters` };
  const fileName = own(message, 'fileName');
  if (!isText(fileName, SANDBOX_LIMITS.maxPathChars) || fileName.length === 0) return { invalid: 'fileName must be a non-empty string' };
  const moduleKind = own(message, 'moduleKind');
  if (!(moduleKind === undefined || moduleKind === 'commonjs' || moduleKind === 'esm')) return { invalid: 'moduleKind must be "commonjs" or "esm"' };
  const stepBudget = own(message, 'stepBudget');
  if (!(stepBudget === undefined || (Number.isInteger(stepBudget) && isPositive(stepBudget, 1e9)))) return { invalid: 'stepBudget must be a non-negative integer' };
  const files = own(message, 'files');
  const problem = files === undefined ? undefined : filesProblem(files);
  if (problem) return { invalid: problem };
  const root = own(message, 'workspaceRoot');
  if (!(root === undefined || isText(root, SANDBOX_LIMITS.maxPathChars))) return { invalid: 'workspaceRoot must be a string' };
  if (!(own(message, 'ioLatencyMs') === undefined || isPositive(own(message, 'ioLatencyMs'), 3_600_000))) return { invalid: 'ioLatencyMs must be a number from 0 to 3600000' };
  if (!(own(message, 'timeLimitMs') === undefined || isPositive(own(message, 'timeLimitMs'), 86_400_000))) return { invalid: 'timeLimitMs must be a positive number' };
  const notebook = own(message, 'notebook');
  const notebookIssue = notebook === undefined ? undefined : notebookProblem(notebook);
  if (notebookIssue) return { invalid: notebookIssue };
  return { request: message as unknown as SandboxRequest };
}

/** Validates what a prediction process sent (never trusted: it ran the program). */
export function isSandboxMessage(value: unknown): value is SandboxMessage {
  if (!isObj(value)) return false;
  switch (own(value, 'kind')) {
    case 'ready':
      return true;
    case 'result':
      return isTimelineModel(own(value, 'model'));
    case 'rejected':
    case 'failed':
      return isText(own(value, 'message'), 10_000);
    default:
      return false;
  }
}
