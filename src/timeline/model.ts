/**
 * The timeline model: the versioned JSON contract between the simulator, the
 * CLI (`looplens timeline --json`) and the webview.
 */
export const TIMELINE_MODEL_VERSION = 1;

export type TimelineLanguage = 'javascript' | 'typescript' | 'python';
export type ModuleKind = 'commonjs' | 'esm' | null;

/** `task:<name>` is one lane per Python task. */
export type Lane =
  | 'stack'
  | 'nextTick'
  | 'microtask'
  | 'timer'
  | 'immediate'
  | 'io'
  | 'thread'
  | 'loop'
  | `task:${string}`;

export type StepKind = 'run' | 'schedule' | 'resolve' | 'await' | 'resume' | 'block' | 'print' | 'cancel' | 'error';

export interface SourceSpan {
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface TimelineStep extends SourceSpan {
  readonly id: number;
  /** Virtual milliseconds since the program started. */
  readonly t: number;
  readonly lane: Lane;
  readonly kind: StepKind;
  readonly label: string;
  /** One sentence a user reads while stepping through. */
  readonly explanation: string;
  /** For `block` steps: how long the loop is frozen, in virtual ms. */
  readonly duration?: number;
  /** Id of the step that scheduled this work (the arrow's origin). */
  readonly cause?: number;
  /** The time is a guess (unknown I/O duration, unknown function). */
  readonly approximate?: boolean;
  /** The step waits out the assumed I/O latency of unmodelled (opaque) code. */
  readonly assumed?: boolean;
  /** File of the step's source span when it is not the predicted file (an imported workspace module). */
  readonly file?: string;
}

export interface OutputLine {
  readonly text: string;
  readonly t: number;
  /** Id of the `print` step that produced it. */
  readonly step: number;
  /** Printed to stderr (console.error / print(file=sys.stderr)). */
  readonly stream?: 'stdout' | 'stderr';
}

/** `assumed`: an assumption about unmodelled code (opaque imports, assumed I/O latency), once per call site. */
export type NoteKind = 'approximate' | 'nondeterministic' | 'unsupported' | 'assumed';

export interface TimelineNote {
  readonly kind: NoteKind;
  readonly message: string;
  readonly line?: number;
  /** File of `line` when it is not the predicted file. */
  readonly file?: string;
  /** For `nondeterministic`: the possible output orders. */
  readonly orders?: readonly (readonly string[])[];
}

export interface TimelineModel {
  readonly version: typeof TIMELINE_MODEL_VERSION;
  readonly language: TimelineLanguage;
  readonly module: ModuleKind;
  /** Unit the program itself uses for time: `ms` for JS, `s` for Python. */
  readonly timeUnit: 'ms' | 's';
  readonly output: readonly OutputLine[];
  readonly steps: readonly TimelineStep[];
  readonly notes: readonly TimelineNote[];
  /** Files that took part: the predicted file first, then the workspace modules it imported. */
  readonly files?: readonly string[];
  /** The assumed latency of unmodelled I/O used by this prediction, in ms. */
  readonly ioLatencyMs?: number;
}
