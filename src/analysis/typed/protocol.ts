/** Messages between the type-aware worker and its client (editor or CLI). Plain data only: structured-cloned. */
import type { Finding, SeveritySetting } from '../types';

export interface AnalyzeRequest {
  readonly kind: 'analyze';
  readonly id: number;
  /** Workspace folder: the project service resolves tsconfig.json files from the file upwards, the default program from here. */
  readonly rootDir: string;
  readonly filePath: string;
  readonly text: string;
  readonly severities: Readonly<Record<string, SeveritySetting>>;
  /** Cooperative budget of the checks, in ms. */
  readonly budgetMs: number;
}

export interface CloseRequest {
  readonly kind: 'close';
  readonly rootDir: string;
  readonly filePath: string;
}

/** A file changed on disk (created, saved, deleted) — the worker watches nothing itself. */
export interface ChangedRequest {
  readonly kind: 'changed';
  readonly rootDir: string;
  readonly filePath: string;
}

export type TypedRequest = AnalyzeRequest | CloseRequest | ChangedRequest;

export interface AnalyzeResponse {
  readonly kind: 'result';
  readonly id: number;
  readonly findings: Finding[];
  readonly timedOut: boolean;
  readonly programMs: number;
  readonly checkMs: number;
  readonly configFile: string | undefined;
}

export interface ErrorResponse {
  readonly kind: 'error';
  readonly id: number;
  readonly message: string;
}

export type TypedResponse = AnalyzeResponse | ErrorResponse;

export function isTypedResponse(value: unknown): value is TypedResponse {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { kind?: unknown; id?: unknown };
  return (message.kind === 'result' || message.kind === 'error') && typeof message.id === 'number';
}

const TYPED_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/i;

/** Files the type-aware pass reads (TypeScript and JavaScript). Kept here so callers need not load the compiler. */
export function isTypedFile(path: string): boolean {
  return TYPED_FILE.test(path);
}
