/**
 * The one owner of syntax trees: a per-document cache keyed by document
 * version, updated incrementally from editor change events. Every Tree it
 * creates is deleted when it is replaced, when the document closes, when the
 * cache evicts it, or when the cache is disposed.
 */
import { Edit, Parser, type Language, type Tree } from 'web-tree-sitter';
import type { GrammarId } from './languages';
import { DEFAULT_PARSE_BUDGET_MS, MAX_TREE_DEPTH, deeperThan } from './limits';
import { pointAfter, pointAtOffset } from './text';

/** One change as VS Code reports it: offsets refer to the text before this change. */
export interface TextChange {
  readonly rangeOffset: number;
  readonly rangeLength: number;
  readonly text: string;
}

export interface ParsedDocument {
  readonly key: string;
  readonly version: number;
  readonly grammar: GrammarId;
  readonly text: string;
  readonly tree: Tree;
  /** Present when this tree was re-parsed incrementally from `fromVersion`. */
  readonly edit?: IncrementalEdit;
}

export interface IncrementalEdit {
  readonly fromVersion: number;
  /** The changes that led from `fromVersion` to this version, in order. */
  readonly changes: readonly TextChange[];
  /** Ranges (UTF-16 offsets in the new text) whose syntax changed, per tree-sitter. */
  readonly changedRanges: readonly { readonly start: number; readonly end: number }[];
}

export interface DocumentTreesOptions {
  /** Most documents kept; the least recently used tree is deleted past this. */
  readonly maxEntries?: number;
  /** Wall-clock budget for a single parse. */
  readonly parseBudgetMs?: number;
  /** Deepest tree accepted (see MAX_TREE_DEPTH). */
  readonly maxTreeDepth?: number;
}

/** A parse limit was hit; the file is skipped and `message` says why (callers log it as the reason). */
export class ParseBudgetExceeded extends Error {
  constructor(
    readonly budgetMs: number,
    message = `parsing took longer than the ${budgetMs} ms budget and was cancelled`,
  ) {
    super(message);
  }
}

/** The tree is nested deeper than the analysis can afford (see MAX_TREE_DEPTH); a ParseBudgetExceeded so every caller skips it the same way. */
export class NestingTooDeep extends ParseBudgetExceeded {
  constructor(readonly maxDepth: number) {
    super(0, `the code is nested more than ${maxDepth} levels deep (syntax tree depth); too deep to analyse`);
  }
}

/** Inserted text past which an incremental re-parse checks the depth again (full parses always do). */
const RECHECK_DEPTH_AFTER_CHARS = 256;

export class DocumentTrees {
  private readonly entries = new Map<string, ParsedDocument>();
  private readonly parsers = new Map<GrammarId, Parser>();
  private readonly maxEntries: number;
  private readonly parseBudgetMs: number;
  private readonly maxTreeDepth: number;

  constructor(options: DocumentTreesOptions = {}) {
    this.maxEntries = options.maxEntries ?? 64;
    this.parseBudgetMs = options.parseBudgetMs ?? DEFAULT_PARSE_BUDGET_MS;
    this.maxTreeDepth = options.maxTreeDepth ?? MAX_TREE_DEPTH;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string, version?: number): ParsedDocument | undefined {
    const entry = this.entries.get(key);
    if (!entry || (version !== undefined && entry.version !== version)) return undefined;
    return entry;
  }

  /**
   * Returns the tree for `text` at `version`. When the cache holds the previous
   * version and `changes` lead from it to this one, the old tree is edited and
   * re-parsed incrementally; otherwise the text is parsed from scratch.
   * Throws ParseBudgetExceeded when the parse runs over budget, NestingTooDeep
   * when the tree is deeper than the limit (checked on full parses and on
   * incremental ones that insert more than a few lines).
   */
  update(
    key: string,
    version: number,
    text: string,
    grammar: GrammarId,
    language: Language,
    changes?: readonly TextChange[],
  ): ParsedDocument {
    const previous = this.entries.get(key);
    if (previous && previous.version === version && previous.grammar === grammar && previous.text === text) {
      this.touch(key, previous);
      return previous;
    }
    let oldTree: Tree | null = null;
    if (previous && previous.grammar === grammar && changes && changes.length > 0) {
      const edited = applyChanges(previous.tree, previous.text, changes);
      if (edited === text) oldTree = previous.tree;
    }
    let tree: Tree | null;
    try {
      const inserted = oldTree && changes ? changes.reduce((sum, change) => sum + change.text.length, 0) : Infinity;
      tree = this.parse(grammar, language, text, oldTree, inserted > RECHECK_DEPTH_AFTER_CHARS);
    } catch (error) {
      this.delete(key);
      throw error;
    }
    let edit: IncrementalEdit | undefined;
    if (previous && oldTree && changes) {
      const changedRanges = previous.tree.getChangedRanges(tree).map((range) => ({ start: range.startIndex, end: range.endIndex }));
      edit = { fromVersion: previous.version, changes, changedRanges };
    }
    if (previous) previous.tree.delete();
    const entry: ParsedDocument = edit ? { key, version, grammar, text, tree, edit } : { key, version, grammar, text, tree };
    this.touch(key, entry);
    this.evict();
    return entry;
  }

  /** Parses a text that is not tracked (CLI, tests); the caller must delete the tree. */
  parseOnce(grammar: GrammarId, language: Language, text: string): Tree {
    return this.parse(grammar, language, text, null, true);
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry) {
      entry.tree.delete();
      this.entries.delete(key);
    }
  }

  /**
   * Drops every tree and parser without deleting them, after the runtime
   * that owns them trapped (see crashGuard.ts): calling into it again is
   * unsafe, and its memory is garbage once the runtime is replaced.
   */
  abandon(): void {
    this.entries.clear();
    this.parsers.clear();
  }

  dispose(): void {
    for (const entry of this.entries.values()) entry.tree.delete();
    this.entries.clear();
    for (const parser of this.parsers.values()) parser.delete();
    this.parsers.clear();
  }

  private parse(grammar: GrammarId, language: Language, text: string, oldTree: Tree | null, checkDepth: boolean): Tree {
    let parser = this.parsers.get(grammar);
    if (!parser) {
      parser = new Parser();
      parser.setLanguage(language);
      this.parsers.set(grammar, parser);
    }
    const deadline = performance.now() + this.parseBudgetMs;
    const tree = parser.parse(text, oldTree, {
      progressCallback: () => performance.now() > deadline,
    } as Parameters<Parser['parse']>[2]);
    if (!tree) {
      parser.reset();
      throw new ParseBudgetExceeded(this.parseBudgetMs);
    }
    if (checkDepth && deeperThan(tree.rootNode, this.maxTreeDepth)) {
      tree.delete();
      throw new NestingTooDeep(this.maxTreeDepth);
    }
    return tree;
  }

  private touch(key: string, entry: ParsedDocument): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  private evict(): void {
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
    }
  }
}

/**
 * Applies `changes` in order to `text`, editing `tree` for each from the
 * change's old range, and returns the new text.
 */
export function applyChanges(tree: Tree, text: string, changes: readonly TextChange[]): string {
  let current = text;
  for (const change of changes) {
    const start = change.rangeOffset;
    const oldEnd = start + change.rangeLength;
    if (start < 0 || oldEnd > current.length) return '\u0000invalid';
    const startPosition = pointAtOffset(current, start);
    const oldEndPosition = pointAtOffset(current, oldEnd);
    const newEndPosition = pointAfter(startPosition, change.text);
    tree.edit(
      new Edit({
        startIndex: start,
        oldEndIndex: oldEnd,
        newEndIndex: start + change.text.length,
        startPosition,
        oldEndPosition,
        newEndPosition,
      }),
    );
    current = current.slice(0, start) + change.text + current.slice(oldEnd);
  }
  return current;
}
