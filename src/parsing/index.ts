/** Entry point of the parsing layer for callers outside the editor (CLI, timeline, tests). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Tree } from 'web-tree-sitter';
import { DocumentTrees } from './documentTrees';
import { GrammarLoader } from './grammars';
import type { LanguageInfo } from './languages';

export * from './languages';
export { DocumentTrees, NestingTooDeep, ParseBudgetExceeded, applyChanges, type TextChange, type ParsedDocument, type IncrementalEdit } from './documentTrees';
export { GrammarLoader } from './grammars';
export { RuntimeGuard, isRuntimeTrap, type Guarded, type RuntimeGuardOptions } from './crashGuard';
export { LineIndex, type Point } from './text';
export { skipReason, generatedReason, looksBinary, deeperThan, DEFAULT_MAX_FILE_SIZE_KB, DEFAULT_PARSE_BUDGET_MS, MAX_TREE_DEPTH } from './limits';

/**
 * Finds the folder with the .wasm files: `dist/` next to the bundle that runs,
 * or the installed packages when running from sources.
 */
export function findWasmDir(start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'tree-sitter-python.wasm'))) return dir;
    const dist = join(dir, 'dist');
    if (existsSync(join(dist, 'tree-sitter-python.wasm'))) return dist;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`Loop Lens: grammar files (*.wasm) not found above ${start}; run the build first`);
}

/** Parses standalone texts; every returned Tree must be deleted by the caller. */
export class SourceParser {
  readonly grammars: GrammarLoader;
  private readonly trees: DocumentTrees;

  /** @param grammars a shared loader, or the folder holding the .wasm files */
  constructor(grammars: GrammarLoader | string = findWasmDir(), parseBudgetMs?: number) {
    this.grammars = typeof grammars === 'string' ? new GrammarLoader(grammars) : grammars;
    this.trees = new DocumentTrees(parseBudgetMs === undefined ? {} : { parseBudgetMs });
  }

  async parse(text: string, language: LanguageInfo): Promise<Tree> {
    const grammar = await this.grammars.load(language.grammar);
    return this.trees.parseOnce(language.grammar, grammar, text);
  }

  /** Synchronous variant for grammars already loaded with `grammars.load()`. */
  parseLoaded(text: string, language: LanguageInfo): Tree {
    const grammar = this.grammars.loadedGrammar(language.grammar);
    if (!grammar) throw new Error(`grammar ${language.grammar} is not loaded yet`);
    return this.trees.parseOnce(language.grammar, grammar, text);
  }

  dispose(): void {
    this.trees.dispose();
  }
}
