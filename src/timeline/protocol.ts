/**
 * The typed message protocol between the extension host and the timeline
 * webview, with runtime guards for both directions. Every message crossing the
 * boundary is untrusted until a guard accepts it. Pure TypeScript: no `vscode`,
 * no DOM, so the host, the webview bundle and the unit tests share it.
 */
import {
  TIMELINE_MODEL_VERSION,
  type Lane,
  type NoteKind,
  type OutputLine,
  type SourceSpan,
  type StepKind,
  type TimelineModel,
  type TimelineNote,
  type TimelineStep,
} from './model';
import { IO_LATENCY_LIMITS } from './unmodelled';

/** Host → webview. */
export type HostToWebviewMessage =
  | { readonly type: 'update'; readonly model: TimelineModel; readonly fileName: string; readonly version: number }
  /** The shown model no longer matches the document; a new prediction is on its way. */
  | { readonly type: 'stale' }
  /** The editor's cursor moved to this 1-based line of the shown file (null: another file). */
  | { readonly type: 'cursor'; readonly line: number | null }
  | { readonly type: 'error'; readonly message: string };

/** `file`: a file of `model.files` other than the predicted one (an imported workspace module); absent: the predicted file. */
export type RevealMessage = { readonly type: 'reveal'; readonly file?: string } & SourceSpan;

/** Webview → host. */
export type WebviewToHostMessage =
  | { readonly type: 'ready' }
  | RevealMessage
  | { readonly type: 'copyText'; readonly text: string }
  | { readonly type: 'saveSvg'; readonly svg: string }
  | { readonly type: 'savePng'; readonly dataUrl: string }
  /** The user changed the assumed I/O latency of unmodelled code in the panel: write the setting and predict again. */
  | { readonly type: 'setIoLatency'; readonly ms: number };

/** What the webview keeps with `setState` so a reload shows the last picture at once. */
export interface TimelineWebviewState {
  readonly model: TimelineModel;
  readonly fileName: string;
  readonly version: number;
  /** Index into `model.steps` of the step being looked at. */
  readonly stepIndex: number;
}

/** Bounds that keep a hostile or runaway message from exhausting either side. */
export const PROTOCOL_LIMITS = {
  maxSteps: 200_000,
  maxOutputLines: 100_000,
  maxNotes: 10_000,
  maxTextLength: 100_000,
  maxLine: 10_000_000,
  maxExportLength: 64 * 1024 * 1024,
} as const;

const STEP_KINDS: ReadonlySet<string> = new Set<StepKind>([
  'run', 'schedule', 'resolve', 'await', 'resume', 'block', 'print', 'cancel', 'error',
]);
const FIXED_LANES: ReadonlySet<string> = new Set<Lane>([
  'stack', 'nextTick', 'microtask', 'timer', 'immediate', 'io', 'thread', 'loop',
]);
const NOTE_KINDS: ReadonlySet<string> = new Set<NoteKind>(['approximate', 'nondeterministic', 'unsupported', 'assumed']);
const LANGUAGES: ReadonlySet<string> = new Set(['javascript', 'typescript', 'python']);

type Fields = Readonly<Record<string, unknown>>;

/** A plain object (what structured clone and JSON produce), not an array or a class instance. */
function isFields(value: unknown): value is Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function own(record: Fields, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function isText(value: unknown, maxLength: number = PROTOCOL_LIMITS.maxTextLength): value is string {
  return typeof value === 'string' && value.length <= maxLength;
}

function isCount(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

function isPosition(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= PROTOCOL_LIMITS.maxLine;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isArrayOf<T>(value: unknown, max: number, item: (entry: unknown) => entry is T): value is readonly T[] {
  return Array.isArray(value) && value.length <= max && value.every((entry) => item(entry));
}

export function isLane(value: unknown): value is Lane {
  if (typeof value !== 'string') return false;
  if (FIXED_LANES.has(value)) return true;
  return value.startsWith('task:') && value.length > 5 && value.length <= 200;
}

/** 1-based span with its end not before its start. */
export function isSourceSpan(value: unknown): value is SourceSpan {
  if (!isFields(value)) return false;
  const line = own(value, 'line');
  const column = own(value, 'column');
  const endLine = own(value, 'endLine');
  const endColumn = own(value, 'endColumn');
  if (!isPosition(line) || !isPosition(column) || !isPosition(endLine) || !isPosition(endColumn)) return false;
  return endLine > line || (endLine === line && endColumn >= column);
}

function isStep(value: unknown): value is TimelineStep {
  if (!isFields(value) || !isSourceSpan(value)) return false;
  const duration = own(value, 'duration');
  const cause = own(value, 'cause');
  const approximate = own(value, 'approximate');
  const assumed = own(value, 'assumed');
  const file = own(value, 'file');
  return (
    isCount(own(value, 'id'), Number.MAX_SAFE_INTEGER) &&
    isTime(own(value, 't')) &&
    isLane(own(value, 'lane')) &&
    STEP_KINDS.has(own(value, 'kind') as string) &&
    isText(own(value, 'label')) &&
    isText(own(value, 'explanation')) &&
    (duration === undefined || isTime(duration)) &&
    (cause === undefined || isCount(cause, Number.MAX_SAFE_INTEGER)) &&
    (approximate === undefined || typeof approximate === 'boolean') &&
    (assumed === undefined || typeof assumed === 'boolean') &&
    (file === undefined || isText(file, 4096))
  );
}

function isOutputLine(value: unknown): value is OutputLine {
  if (!isFields(value)) return false;
  const stream = own(value, 'stream');
  return (
    isText(own(value, 'text')) &&
    isTime(own(value, 't')) &&
    isCount(own(value, 'step'), Number.MAX_SAFE_INTEGER) &&
    (stream === undefined || stream === 'stdout' || stream === 'stderr')
  );
}

function isOrder(value: unknown): value is readonly string[] {
  return isArrayOf(value, PROTOCOL_LIMITS.maxOutputLines, (entry): entry is string => isText(entry));
}

function isNote(value: unknown): value is TimelineNote {
  if (!isFields(value)) return false;
  const line = own(value, 'line');
  const orders = own(value, 'orders');
  const file = own(value, 'file');
  return (
    (file === undefined || isText(file, 4096)) &&
    NOTE_KINDS.has(own(value, 'kind') as string) &&
    isText(own(value, 'message')) &&
    (line === undefined || isPosition(line)) &&
    (orders === undefined || isArrayOf(orders, 64, isOrder))
  );
}

/** Deep check of a timeline model, including that step ids are unique. */
export function isTimelineModel(value: unknown): value is TimelineModel {
  if (!isFields(value)) return false;
  const module = own(value, 'module');
  const timeUnit = own(value, 'timeUnit');
  if (
    own(value, 'version') !== TIMELINE_MODEL_VERSION ||
    !LANGUAGES.has(own(value, 'language') as string) ||
    !(module === 'commonjs' || module === 'esm' || module === null) ||
    !(timeUnit === 'ms' || timeUnit === 's') ||
    !isArrayOf(own(value, 'steps'), PROTOCOL_LIMITS.maxSteps, isStep) ||
    !isArrayOf(own(value, 'output'), PROTOCOL_LIMITS.maxOutputLines, isOutputLine) ||
    !isArrayOf(own(value, 'notes'), PROTOCOL_LIMITS.maxNotes, isNote) ||
    !(own(value, 'files') === undefined || isArrayOf(own(value, 'files'), 10_000, (entry): entry is string => isText(entry, 4096))) ||
    !(own(value, 'ioLatencyMs') === undefined || isTime(own(value, 'ioLatencyMs')))
  ) {
    return false;
  }
  const ids = new Set<number>();
  for (const step of value.steps as readonly TimelineStep[]) {
    if (ids.has(step.id)) return false;
    ids.add(step.id);
  }
  return true;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const PNG_PREFIX = 'data:image/png;base64,';

export function isHostToWebviewMessage(value: unknown): value is HostToWebviewMessage {
  if (!isFields(value)) return false;
  switch (own(value, 'type')) {
    case 'update':
      return (
        isTimelineModel(own(value, 'model')) &&
        isText(own(value, 'fileName'), 4096) &&
        isCount(own(value, 'version'), Number.MAX_SAFE_INTEGER)
      );
    case 'stale':
      return true;
    case 'cursor': {
      const line = own(value, 'line');
      return line === null || isPosition(line);
    }
    case 'error':
      return isText(own(value, 'message'));
    default:
      return false;
  }
}

export function isWebviewToHostMessage(value: unknown): value is WebviewToHostMessage {
  if (!isFields(value)) return false;
  switch (own(value, 'type')) {
    case 'ready':
      return true;
    case 'reveal': {
      const file = own(value, 'file');
      return isSourceSpan(value) && (file === undefined || (isText(file, 4096) && file.length > 0 && !file.includes('\0')));
    }
    case 'setIoLatency': {
      const ms = own(value, 'ms');
      return typeof ms === 'number' && Number.isInteger(ms) && ms >= IO_LATENCY_LIMITS.min && ms <= IO_LATENCY_LIMITS.max;
    }
    case 'copyText':
      return isText(own(value, 'text'), PROTOCOL_LIMITS.maxExportLength);
    case 'saveSvg': {
      const svg = own(value, 'svg');
      return isText(svg, PROTOCOL_LIMITS.maxExportLength) && /^<svg[\s>]/.test(svg);
    }
    case 'savePng': {
      const dataUrl = own(value, 'dataUrl');
      return (
        isText(dataUrl, PROTOCOL_LIMITS.maxExportLength) &&
        dataUrl.startsWith(PNG_PREFIX) &&
        dataUrl.length > PNG_PREFIX.length &&
        BASE64.test(dataUrl.slice(PNG_PREFIX.length))
      );
    }
    default:
      return false;
  }
}

export function isTimelineWebviewState(value: unknown): value is TimelineWebviewState {
  if (!isFields(value)) return false;
  const model = own(value, 'model');
  return (
    isTimelineModel(model) &&
    isText(own(value, 'fileName'), 4096) &&
    isCount(own(value, 'version'), Number.MAX_SAFE_INTEGER) &&
    isCount(own(value, 'stepIndex'), Math.max(0, model.steps.length - 1))
  );
}

/** A short, log-safe description of a rejected message (never its content). */
export function describeRejected(value: unknown): string {
  if (!isFields(value)) return Array.isArray(value) ? 'an array' : typeof value;
  const type = own(value, 'type');
  return typeof type === 'string' ? `message of type ${JSON.stringify(type.slice(0, 40))}` : 'object without a type';
}
