/**
 * Records what the simulated program does: timeline steps, printed lines and
 * notes, with the step and evaluation budgets that stop runaway programs.
 */
import type { Lane, NoteKind, OutputLine, SourceSpan, StepKind, TimelineNote, TimelineStep } from '../model';

/** A syntax position; tree-sitter nodes satisfy it. */
export interface NodeLike {
  readonly startPosition: { row: number; column: number };
  readonly endPosition: { row: number; column: number };
}

/** Thrown when a budget runs out; never caught by the simulated program. */
export class BudgetExceeded extends Error {
  readonly internal = true;
}

/** Thrown for constructs the simulator does not model; never caught by the simulated program. */
export class Unsupported extends Error {
  readonly internal = true;
  constructor(message: string, readonly line?: number) {
    super(message);
  }
}

/** Ends the simulated process: an uncaught exception, an unhandled rejection or process.exit(). */
export class ProcessExit extends Error {
  readonly internal = true;
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

export function isInternalError(error: unknown): boolean {
  return error instanceof BudgetExceeded || error instanceof Unsupported || error instanceof ProcessExit;
}

export function spanOf(node: NodeLike | undefined): SourceSpan {
  if (!node) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return {
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    endLine: node.endPosition.row + 1,
    endColumn: node.endPosition.column + 1,
  };
}

export interface StepInput {
  readonly lane: Lane;
  readonly kind: StepKind;
  readonly label: string;
  readonly node?: NodeLike;
  /** A span given directly (the sandbox maps stack positions to spans). */
  readonly span?: SourceSpan;
  /** File of the span when it is not the predicted file. */
  readonly file?: string;
  readonly assumed?: boolean;
  readonly explanation?: string;
  readonly duration?: number;
  readonly cause?: number;
  readonly approximate?: boolean;
  /** Virtual time of the step when it is not now (a block recorded at its end). */
  readonly t?: number;
}

const EXPLANATIONS: Record<string, string> = {
  'stack:run': 'sync code runs first, before any queued work',
  'nextTick:run': 'process.nextTick callbacks run as soon as the current operation ends, before promise jobs (in CommonJS)',
  'microtask:resume': 'the awaited promise has settled, so the async function continues as a microtask',
  'microtask:run': 'promise jobs (microtasks) run after the current callback and before the event loop moves on',
  'timer:run': 'the timers phase runs every timer whose delay has elapsed, in order of expiry',
  'immediate:run': 'the check phase runs setImmediate callbacks after the poll (I/O) phase',
  'io:run': 'the poll phase runs callbacks of I/O operations that have completed',
  'schedule': 'this queues work for later; the current code keeps running',
  'print': 'prints a line',
  'await': 'await suspends this async function; the rest of it runs later as a microtask',
  'resume': 'the awaited value is ready, so the async function continues',
  'resolve': 'settling a promise queues the reactions registered on it',
  'block': 'synchronous blocking code freezes the event loop; nothing else can run meanwhile',
  'error': 'an exception nobody caught ends the process',
  'cancel': 'the scheduled callback is removed and will never run',
};

function explain(lane: Lane, kind: StepKind): string {
  return EXPLANATIONS[`${lane}:${kind}`] ?? EXPLANATIONS[kind] ?? 'the event loop does the next piece of work';
}

export interface TraceLimits {
  readonly maxSteps: number;
  readonly maxEvaluations: number;
  readonly maxVirtualMs: number;
}

export class Trace {
  readonly steps: TimelineStep[] = [];
  readonly output: OutputLine[] = [];
  readonly notes: TimelineNote[] = [];
  private evaluations = 0;

  constructor(readonly limits: TraceLimits, private readonly clock: () => number) {}

  step(input: StepInput): number {
    if (this.steps.length >= this.limits.maxSteps) {
      throw new BudgetExceeded(`stopped after ${this.limits.maxSteps} steps (step budget)`);
    }
    const id = this.steps.length + 1;
    const step: TimelineStep = {
      id,
      t: roundMs(input.t ?? this.clock()),
      lane: input.lane,
      kind: input.kind,
      label: input.label.length > 120 ? `${input.label.slice(0, 117)}...` : input.label,
      ...(input.span ?? spanOf(input.node)),
      explanation: input.explanation ?? explain(input.lane, input.kind),
      ...(input.duration !== undefined ? { duration: roundMs(input.duration) } : {}),
      ...(input.cause !== undefined ? { cause: input.cause } : {}),
      ...(input.approximate ? { approximate: true } : {}),
      ...(input.assumed ? { assumed: true } : {}),
      ...(input.file ? { file: input.file } : {}),
    };
    this.steps.push(step);
    return id;
  }

  print(text: string, stepId: number, stream: 'stdout' | 'stderr'): void {
    for (const line of text.split('\n')) {
      this.output.push({ text: line, t: roundMs(this.clock()), step: stepId, ...(stream === 'stderr' ? { stream } : {}) });
    }
  }

  note(kind: NoteKind, message: string, line?: number, orders?: readonly (readonly string[])[]): void {
    if (this.notes.some((n) => n.kind === kind && n.message === message && n.line === line)) return;
    this.notes.push({ kind, message, ...(line !== undefined ? { line } : {}), ...(orders ? { orders } : {}) });
  }

  /** Counts one evaluation; throws BudgetExceeded past the limit. */
  tick(): void {
    if (++this.evaluations > this.limits.maxEvaluations) {
      throw new BudgetExceeded(`stopped after ${this.limits.maxEvaluations} evaluations (the program may loop forever)`);
    }
  }
}

export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
