/**
 * Everything the editor asks of the engine, in one object that lives inside
 * the engine worker: one tree-sitter runtime, the document trees (incremental
 * re-parse from the editor's change events), the incremental analyzer, fix-all,
 * and construct explanations (timeline predictions run in a process of their
 * own: src/timeline/sandbox). It is plain engine code (no
 * vscode, no worker API), so tests drive it directly as well as through the worker.
 *
 * Crash isolation: every call into the runtime runs under a RuntimeGuard. When
 * tree-sitter traps, the grammar is switched off for a while (the answer says
 * so, with the time until the retry), the runtime is rebuilt, and every other
 * language keeps working at once.
 */
import { analyze } from '../analysis/engine';
import { explainConstruct, type ConstructExplanation } from '../analysis/constructs';
import { IncrementalAnalyzer } from '../analysis/incremental';
import { fixAll } from '../analysis';
import type { Finding } from '../analysis/types';
import { DocumentTrees, GrammarLoader, ParseBudgetExceeded, RuntimeGuard, skipReason, type GrammarId, type LanguageInfo } from '../parsing';
import type { AnalyzeNotebookParams, AnalyzeNotebookResult, AnalyzeParams, AnalyzeResult, DebugParams, ExplainParams, FixAllParams, FixAllResult } from './protocol';
import { analyzeNotebookProgram, fixAllInCell, NOTEBOOK_LANGUAGE } from '../analysis/notebook';
import { notebookProgram, type NotebookProgram } from '../parsing/notebook';

export interface EngineSessionOptions {
  readonly wasmDir: string;
  readonly retryAfterMs?: readonly number[];
  readonly now?: () => number;
  /** Documents whose trees are kept (least recently used are dropped and re-parsed in full when they come back). */
  readonly maxDocuments?: number;
  readonly log?: (message: string) => void;
}

export class EngineSession {
  private grammars: GrammarLoader;
  private trees: DocumentTrees;
  private readonly incremental = new IncrementalAnalyzer();
  private readonly languages = new Map<string, LanguageInfo>();
  /** The joined program of each notebook analysed (its tree is in `trees` under the same key). */
  private readonly notebookPrograms = new Map<string, NotebookProgram>();
  private readonly guard: RuntimeGuard;
  /** Trap injected by a test (`debug` call): the next runtime call of this grammar throws one. */
  private injectedTrap: GrammarId | undefined;

  constructor(private readonly options: EngineSessionOptions) {
    this.grammars = new GrammarLoader(options.wasmDir);
    this.trees = new DocumentTrees({ maxEntries: options.maxDocuments ?? 64 });
    this.guard = new RuntimeGuard({
      ...(options.retryAfterMs ? { retryAfterMs: options.retryAfterMs } : {}),
      ...(options.now ? { now: options.now } : {}),
      onTrap: (_grammar, message) => this.rebuildRuntime(message),
    });
  }

  async analyze(params: AnalyzeParams): Promise<AnalyzeResult> {
    const skip = skipReason(params.text, { maxFileSizeKb: params.maxFileSizeKb, path: params.key });
    if (skip) {
      this.forget(params.key);
      return { status: 'skipped', reason: skip };
    }
    const grammarId = params.language.grammar;
    const ruleErrors: { ruleId: string; message: string }[] = [];
    const guarded = await this.guard.runAsync(grammarId, async () => {
      const grammar = await this.grammars.load(grammarId);
      this.maybeTrap(grammarId);
      let parsed;
      try {
        parsed = this.trees.update(params.key, params.version, params.text, grammarId, grammar, params.changes);
      } catch (error) {
        if (error instanceof ParseBudgetExceeded) return { skipped: error.message, findings: undefined };
        throw error;
      }
      const findings: Finding[] = this.incremental.analyze(parsed, params.language, {
        severities: params.severities,
        onRuleError: (ruleId, error) => ruleErrors.push({ ruleId, message: describe(error) }),
      });
      this.languages.set(params.key, params.language);
      return { skipped: undefined, findings };
    });
    if (guarded.status !== 'ok') {
      this.forget(params.key);
      return { status: 'disabled', reason: guarded.message, retryInMs: this.guard.retryInMs(grammarId), trapped: guarded.status === 'trapped' };
    }
    const { skipped, findings } = guarded.value;
    if (skipped !== undefined || !findings) {
      this.incremental.forget(params.key);
      return { status: 'skipped', reason: skipped ?? 'not analysed' };
    }
    return { status: 'ok', findings, ruleErrors };
  }

  /** Analyses a notebook's code cells together (running-loop mode); its tree is kept under `key` for explain. */
  async analyzeNotebook(params: AnalyzeNotebookParams): Promise<AnalyzeNotebookResult> {
    const program = notebookProgram(params.cells);
    const skip = skipReason(program.text, { maxFileSizeKb: params.maxFileSizeKb });
    if (skip) {
      this.forget(params.key);
      return { status: 'skipped', reason: `its code cells: ${skip}` };
    }
    const ruleErrors: { ruleId: string; message: string }[] = [];
    const guarded = await this.guard.runAsync('python', async () => {
      const grammar = await this.grammars.load('python');
      this.maybeTrap('python');
      let parsed;
      try {
        parsed = this.trees.update(params.key, params.version, program.text, 'python', grammar);
      } catch (error) {
        if (error instanceof ParseBudgetExceeded) return { skipped: error.message, findings: undefined };
        throw error;
      }
      const findings = analyzeNotebookProgram(parsed.tree, program, {
        severities: params.severities,
        onRuleError: (ruleId, error) => ruleErrors.push({ ruleId, message: describe(error) }),
      });
      this.notebookPrograms.set(params.key, program);
      this.languages.set(params.key, NOTEBOOK_LANGUAGE);
      return { skipped: undefined, findings };
    });
    if (guarded.status !== 'ok') {
      this.forget(params.key);
      return { status: 'disabled', reason: guarded.message, retryInMs: this.guard.retryInMs('python'), trapped: guarded.status === 'trapped' };
    }
    const { skipped, findings } = guarded.value;
    if (skipped !== undefined || !findings) return { status: 'skipped', reason: skipped ?? 'not analysed' };
    return { status: 'ok', findings, ruleErrors };
  }

  /** The construct under `offset` in the tree of `version` (the one last analysed), if that is what the worker holds. */
  explain(params: ExplainParams): ConstructExplanation | undefined {
    if (params.cell !== undefined) return this.explainInCell(params, params.cell);
    const parsed = this.trees.get(params.key, params.version);
    if (!parsed) return undefined;
    const language = this.languages.get(params.key);
    if (!language) return undefined;
    const guarded = this.guard.run(parsed.grammar, () => explainConstruct(parsed.tree, parsed.text, language, params.offset));
    return guarded.status === 'ok' ? guarded.value : undefined;
  }

  /** explain() in a notebook cell: the offset is moved into the notebook's program and the answer back into the cell. */
  private explainInCell(params: ExplainParams, cell: number): ConstructExplanation | undefined {
    const parsed = this.trees.get(params.key, params.version);
    const program = this.notebookPrograms.get(params.key);
    if (!parsed || !program || cell >= program.starts.length || params.offset > program.lengths[cell]!) return undefined;
    const start = program.starts[cell]!;
    const guarded = this.guard.run('python', () => explainConstruct(parsed.tree, parsed.text, NOTEBOOK_LANGUAGE, start + params.offset));
    if (guarded.status !== 'ok' || !guarded.value) return undefined;
    const construct = guarded.value;
    const end = Math.min(construct.end - start, program.lengths[cell]!);
    return construct.start < start ? undefined : { ...construct, start: construct.start - start, end };
  }

  async fixAll(params: FixAllParams): Promise<FixAllResult> {
    if (params.notebook) return this.fixAllInNotebookCell(params, params.notebook);
    if (skipReason(params.text, { maxFileSizeKb: params.maxFileSizeKb })) return { text: undefined, applied: 0 };
    const grammarId = params.language.grammar;
    const guarded = await this.guard.runAsync(grammarId, async () => {
      const grammar = await this.grammars.load(grammarId);
      const analyzeText = async (text: string): Promise<Finding[]> => {
        const tree = this.trees.parseOnce(grammarId, grammar, text);
        try {
          return analyze(tree, text, params.language, { severities: params.severities });
        } finally {
          tree.delete();
        }
      };
      return fixAll(analyzeText, params.text, (finding) => finding.fixes.find((fix) => fix.safe));
    });
    if (guarded.status !== 'ok' || guarded.value.applied === 0) return { text: undefined, applied: 0 };
    return { text: guarded.value.text, applied: guarded.value.applied };
  }

  /** Fix-all of one notebook cell, the other cells in view (names they define); edits stay in the cell. */
  private async fixAllInNotebookCell(params: FixAllParams, notebook: NonNullable<FixAllParams['notebook']>): Promise<FixAllResult> {
    const cells = [...notebook.cells];
    cells[notebook.cell] = params.text;
    if (skipReason(notebookProgram(cells).text, { maxFileSizeKb: params.maxFileSizeKb })) return { text: undefined, applied: 0 };
    const guarded = await this.guard.runAsync('python', async () => {
      const grammar = await this.grammars.load('python');
      const analyzeCells = async (sources: readonly string[]) => {
        const program = notebookProgram(sources);
        const tree = this.trees.parseOnce('python', grammar, program.text);
        try {
          return analyzeNotebookProgram(tree, program, { severities: params.severities });
        } finally {
          tree.delete();
        }
      };
      return fixAllInCell(analyzeCells, cells, notebook.cell);
    });
    if (guarded.status !== 'ok' || guarded.value.applied === 0) return { text: undefined, applied: 0 };
    return { text: guarded.value.text, applied: guarded.value.applied };
  }

  /** Documents whose trees are held. */
  get documentCount(): number {
    return this.trees.size;
  }

  forget(key: string): void {
    this.notebookPrograms.delete(key);
    this.trees.delete(key);
    this.incremental.forget(key);
    this.languages.delete(key);
  }

  /** Settings changed: findings of unchanged statements may be stale. */
  reset(): void {
    this.incremental.clear();
  }

  /** Test faults (the worker honours them only when started with test hooks). */
  debug(params: DebugParams): null {
    if (params.action === 'trap') this.injectedTrap = params.grammar ?? 'python';
    return null;
  }

  dispose(): void {
    this.trees.dispose();
    this.incremental.clear();
  }

  private maybeTrap(grammar: GrammarId): void {
    if (this.injectedTrap !== grammar) return;
    this.injectedTrap = undefined;
    throw new WebAssembly.RuntimeError('unreachable (injected by a test)');
  }

  /** After a trap: drop every tree and parser of the old runtime without calling into it, and start a new one on next use. */
  private rebuildRuntime(message: string): void {
    this.options.log?.(message);
    this.trees.abandon();
    this.notebookPrograms.clear();
    this.incremental.clear();
    this.grammars.reset();
    this.grammars = new GrammarLoader(this.options.wasmDir);
    this.trees = new DocumentTrees({ maxEntries: this.options.maxDocuments ?? 64 });
  }

}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
