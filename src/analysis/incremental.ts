/**
 * Incremental re-analysis for the editor: after an edit only the top-level
 * statements ("units") the edit touched are re-analysed, and the findings of
 * every other unit are kept, shifted to their new offsets.
 *
 * Soundness rests on one invariant of the rules: a finding in one unit may
 * depend on another unit only through that unit's *signature* — its text with
 * function bodies replaced as BODY_QUERY explains (names, imports, `async`-ness
 * and return types stay in). When any signature changes, the whole file is
 * re-analysed. A unit test compares this path with a full
 * analysis after every step of random edit scripts.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { IncrementalEdit, ParsedDocument, TextChange } from '../parsing/documentTrees';
import type { LanguageFamily, LanguageInfo } from '../parsing/languages';
import { analyze, type AnalysisOptions } from './engine';
import { ruleById, rulesForFamily } from './registry';
import { loopStarterOf } from './python/loops';
import { returnedTask } from './python/tasks';
import { PythonFile, selfAssignments } from './python/semantics';
import { captureGroups, type IndexRange } from './syntax';
import type { Finding, Fix } from './types';

/** A method of a class unit split into parts (Python): re-analysed alone when only its body changed. */
interface Part {
  readonly start: number;
  readonly end: number;
  readonly signature: string;
  /** Offsets the signature refers to (see Summary), in this version's text. */
  readonly anchors: readonly number[];
  /** Its `self.<attribute> = <value>` assignments: attribute and PythonFile.attributeOriginSummary of the value (also in the signature). */
  readonly attributes: readonly (readonly [string, string])[];
}

interface Unit {
  readonly start: number;
  readonly end: number;
  readonly signature: string;
  readonly anchors: readonly number[];
  /** Set when the unit is a class split into methods (see splitClass). */
  readonly parts?: readonly Part[];
}

/** What loopStarterOf answered for a summarised plain function: kind and the call's range, or null. */
type Starter = { readonly kind: string; readonly inner: { readonly startIndex: number; readonly endIndex: number } } | null;

interface DocumentState {
  readonly version: number;
  readonly units: readonly Unit[];
  /** loopStarterOf of every plain function whose body is in a signature, by function start. */
  readonly starters: ReadonlyMap<number, Starter>;
  readonly findings: readonly Finding[];
  readonly optionsKey: string;
}

export interface IncrementalStats {
  /** `full` when every unit was analysed, else the number of units re-analysed. */
  readonly mode: 'full' | 'partial';
  readonly unitsAnalysed: number;
  readonly unitsTotal: number;
}

/** What is known of a top-level statement before its signature is built. */
interface Pending {
  readonly node: Node;
  /** The previous version's unit, when no edit touched the statement. */
  readonly reused?: Unit;
  /** A class split into methods: each method node and, when no edit touched it, its previous part. */
  readonly split?: { readonly cls: Node; readonly methods: readonly { node: Node; reused?: Part }[] };
}

export class IncrementalAnalyzer {
  private readonly states = new Map<string, DocumentState>();
  lastStats: IncrementalStats | undefined;

  analyze(parsed: ParsedDocument, language: LanguageInfo, options: Omit<AnalysisOptions, 'ranges'> = {}): Finding[] {
    const optionsKey = JSON.stringify(options.severities ?? {});
    const previous = this.states.get(parsed.key);
    const root = parsed.tree.rootNode;
    const partial = previous && parsed.edit && previous.version === parsed.edit.fromVersion && previous.optionsKey === optionsKey
      ? this.tryPartial(parsed, parsed.edit, previous, language, options)
      : undefined;
    if (partial) {
      this.states.set(parsed.key, { version: parsed.version, units: partial.units, starters: partial.starters, findings: partial.findings, optionsKey });
      return partial.findings;
    }
    const nodes = root.namedChildren.filter((n): n is Node => !!n);
    const model = new SemanticModel(parsed.tree, parsed.text, language.family, true);
    const pending = nodes.map((node) => model.pending(node, () => undefined));
    const units = model.signatures(pending, true);
    const findings = analyze(parsed.tree, parsed.text, language, { ...options, file: model.existingFile() });
    this.lastStats = { mode: 'full', unitsAnalysed: units.length, unitsTotal: units.length };
    this.states.set(parsed.key, { version: parsed.version, units, starters: model.starters, findings, optionsKey });
    return findings;
  }

  forget(key: string): void {
    this.states.delete(key);
  }

  clear(): void {
    this.states.clear();
  }

  private tryPartial(
    parsed: ParsedDocument,
    edit: IncrementalEdit,
    previous: DocumentState,
    language: LanguageInfo,
    options: Omit<AnalysisOptions, 'ranges'>,
  ): { units: Unit[]; starters: ReadonlyMap<number, Starter>; findings: Finding[] } | undefined {
    const text = parsed.text;
    const dirty = dirtyRanges(edit, text);
    const touched = (node: Node): boolean => dirty.some((d) => d.start <= node.endIndex && node.startIndex <= d.end);
    // Old units that no edit touched keep their signature at their shifted position.
    const shift = <T extends { start: number; end: number; anchors: readonly number[] }>(item: T): T | undefined => {
      const start = mapOffset(item.start, edit.changes);
      const end = mapOffset(item.end, edit.changes);
      const anchors = mapAnchors(item.anchors, edit.changes);
      return start >= 0 && end >= 0 && end - start === item.end - item.start && anchors.every((a) => a >= 0) ? { ...item, start, end, anchors } : undefined;
    };
    const reusableUnits = new Map<number, Unit>();
    const classesAt = new Map<number, Unit>();
    for (const unit of previous.units) {
      if (unit.parts) classesAt.set(mapOffset(unit.start, edit.changes, false, 'after'), unit);
      const moved = shift(unit);
      if (moved) reusableUnits.set(moved.start, moved.parts ? { ...moved, parts: moved.parts.map((p) => shift(p) ?? { ...p, start: -1, end: -1 }) } : moved);
    }
    // The methods of a class the edit touched keep their signature when the edit did not touch them.
    const partsOf = (unit: Unit | undefined): Map<number, Part> => {
      const parts = new Map<number, Part>();
      for (const part of unit?.parts ?? []) {
        const moved = shift(part);
        if (moved) parts.set(moved.start, moved);
      }
      return parts;
    };
    const nodes = parsed.tree.rootNode.namedChildren.filter((n): n is Node => !!n);
    const model = new SemanticModel(parsed.tree, text, language.family, false);
    const pending: Pending[] = [];
    // What must be analysed again: untouched units keep their findings.
    const ranges: IndexRange[] = [];
    for (const node of nodes) {
      const reused = touched(node) ? undefined : reusableUnits.get(node.startIndex);
      if (reused && reused.end === node.endIndex && (!reused.parts || reused.parts.every((p) => p.start >= 0))) {
        pending.push({ node, reused });
        continue;
      }
      let partsBefore: Map<number, Part> | undefined;
      const item = model.pending(node, (method) => {
        if (touched(method)) return undefined;
        partsBefore ??= partsOf(classesAt.get(node.startIndex));
        const part = partsBefore.get(method.startIndex);
        return part && part.end === method.endIndex ? part : undefined;
      });
      pending.push(item);
      // The attribute origins of the class before the edit: what `self.<attribute>` answers if the check below confirms them.
      const before = item.split && classesAt.get(node.startIndex);
      if (item.split && before) model.attributeTables.set(item.split.cls.startIndex, attributeTable(before.parts!));
      if (!item.split) {
        ranges.push({ start: node.startIndex, end: node.endIndex });
        continue;
      }
      // A split class: the methods without a reusable signature, and the stretches between methods an edit touched.
      let at = node.startIndex;
      for (const { node: method, reused: part } of item.split.methods) {
        if (at < method.startIndex && dirty.some((d) => d.start <= method.startIndex && at <= d.end)) ranges.push({ start: at, end: method.startIndex });
        if (!part) ranges.push({ start: method.startIndex, end: method.endIndex });
        at = method.endIndex;
      }
      if (at < node.endIndex && dirty.some((d) => d.start <= node.endIndex && at <= d.end)) ranges.push({ start: at, end: node.endIndex });
    }
    model.ranges = ranges;
    // Functions outside what is analysed again keep their loop starter (see loopStarterOf).
    for (const [start, starter] of previous.starters) {
      const at = mapOffset(start, edit.changes, false, 'after');
      if (at < 0 || ranges.some((range) => range.start <= at && at < range.end)) continue;
      if (!starter) {
        model.starters.set(at, null);
        continue;
      }
      const [innerStart, innerEnd] = mapAnchors([starter.inner.startIndex, starter.inner.endIndex], edit.changes);
      if (innerStart! >= 0 && innerEnd! >= 0) model.starters.set(at, { kind: starter.kind, inner: { startIndex: innerStart!, endIndex: innerEnd! } });
    }
    const units = model.signatures(pending, false);
    if (!sameSignatures(previous.units, units, edit.changes)) return undefined;
    // The new methods' summaries were built with the old attribute origins: they hold only if they give those again.
    for (let i = 0; i < units.length; i++) {
      const cls = pending[i]!.split?.cls;
      const assumed = cls && model.attributeTables.get(cls.startIndex);
      if (assumed && !sameTable(assumed, attributeTable(units[i]!.parts ?? []))) return undefined;
    }
    const kept: Finding[] = [];
    for (const finding of previous.findings) {
      if (isFileRule(finding.ruleId)) continue;
      const moved = moveFinding(finding, edit.changes);
      if (moved === 'dropped') continue;
      if (!moved) return undefined;
      if (!ranges.some((u) => u.start <= moved.start && moved.start < u.end)) kept.push(moved);
    }
    const found = ranges.length > 0 ? analyze(parsed.tree, text, language, { ...options, ranges, ruleFilter: (rule) => rule.scope !== 'file', file: model.existingFile() }) : [];
    if (rulesForFamily(language.family).some((rule) => rule.scope === 'file')) found.push(...analyze(parsed.tree, text, language, { ...options, ruleFilter: (rule) => rule.scope === 'file' }));
    this.lastStats = { mode: 'partial', unitsAnalysed: ranges.length, unitsTotal: units.length };
    const findings = [...kept, ...found].sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
    return { units, starters: model.starters, findings };
  }
}

/** Marks the signature of a class split into methods (no source text starts with a NUL). */
const SPLIT = '\u0000split\u0000';
const BLANK_LINES = /\n(?:[ \t]*\n)+/g;

/**
 * Builds unit signatures. Python classes are split into methods, so an edit
 * in one method re-analyses that method only. Within a class, a finding in
 * one method can depend on another method through its signature (as for
 * top-level statements: header, `async`, what the body calls) and through the
 * `self.<attribute> = <value>` assignments it makes (valueOrigin follows
 * them): a method's signature also lists those, with the origin of each value.
 */
class SemanticModel {
  private file: PythonFile | undefined;
  /** The ranges a partial analysis re-analyses (the semantic model is built for them and shared with the analysis). */
  ranges: readonly IndexRange[] | undefined;

  constructor(
    private readonly tree: Tree,
    private readonly text: string,
    private readonly family: LanguageFamily,
    /** Every signature is built (a full analysis): one query per class finds its `self` assignments. */
    private readonly whole: boolean,
  ) {}

  /** Full analyses: the `self` assignments of each split class, by method start. */
  private readonly assignmentsByMethod = new Map<number, { attribute: string; value: Node }[]>();

  /**
   * Partial analyses: the origins of `self.<attribute>` in the classes being
   * re-analysed, by class start (see attributeTable); the walk over a whole
   * class they replace costs more than the rest of a keystroke's analysis.
   */
  readonly attributeTables = new Map<number, ReadonlyMap<string, string>>();
  /** loopStarterOf of the plain functions summarised, by function start: known ones first (partial analyses), then those summarised here. */
  readonly starters = new Map<number, Starter>();

  pythonFile(): PythonFile {
    if (!this.file) {
      this.file = new PythonFile(this.tree, this.text, this.ranges, this.attributeTables);
      if (this.starters.size > 0) this.file.knownLoopStarters = new Map(this.starters);
    }
    return this.file;
  }

  existingFile(): PythonFile | undefined {
    return this.file;
  }

  /** `node` split into methods when it is a Python class whose methods can be analysed apart. */
  pending(node: Node, reusedPart: (method: Node) => Part | undefined): Pending {
    const cls = this.family === 'python' ? classOf(node) : undefined;
    const methods = cls ? this.splitClass(cls) : undefined;
    if (!cls || !methods) return { node };
    return { node, split: { cls, methods: methods.map((method) => ({ node: method, reused: reusedPart(method) })) } };
  }

  /**
   * The methods of a class, or undefined when the class cannot be split: it
   * has no methods, or a `self.<attribute>` assignment outside them (only
   * methods' assignments are summarised).
   */
  private splitClass(cls: Node): Node[] | undefined {
    const body = cls.childForFieldName('body');
    if (!body) return undefined;
    const methods: Node[] = [];
    const others: Node[] = [];
    for (const statement of body.namedChildren) {
      if (!statement) continue;
      const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
      if (definition?.type === 'function_definition') methods.push(statement);
      else if (statement.type !== 'comment' && statement.type !== 'pass_statement') others.push(statement);
    }
    if (methods.length === 0) return undefined;
    if (!this.whole) return others.some((statement) => selfAssignments(this.tree, statement, cls).length > 0) ? undefined : methods;
    // One query over the class, its matches handed to the methods (in order).
    let m = 0;
    for (const assignment of this.pythonFile().selfAssignments(body, cls)) {
      const at = assignment.value.startIndex;
      while (m < methods.length && methods[m]!.endIndex <= at) m++;
      const method = methods[m];
      if (!method || method.startIndex > at) return undefined;
      let list = this.assignmentsByMethod.get(method.startIndex);
      if (!list) this.assignmentsByMethod.set(method.startIndex, (list = []));
      list.push(assignment);
    }
    return methods;
  }

  /** Units with signatures (`whole`: none is reused, find function bodies with one query over the file). */
  signatures(pending: readonly Pending[], whole: boolean): Unit[] {
    const needed: IndexRange[] = [];
    for (const item of pending) {
      if (item.reused) continue;
      if (!item.split) needed.push({ start: item.node.startIndex, end: item.node.endIndex });
      else for (const method of item.split.methods) if (!method.reused) needed.push({ start: method.node.startIndex, end: method.node.endIndex });
    }
    const holes = needed.length > 0 ? bodyHoles(this.tree, this.text, this.family, whole ? undefined : needed, (body) => this.summarize(body)) : [];
    return pending.map((item) => {
      const { node } = item;
      if (item.reused) return item.reused;
      if (!item.split) {
        if (node.type === 'comment') return { start: node.startIndex, end: node.endIndex, signature: '', anchors: [] };
        return { start: node.startIndex, end: node.endIndex, ...signatureOf(node, holes, this.text) };
      }
      const parts = item.split.methods.map(({ node: method, reused }) => reused ?? this.methodPart(method, item.split!.cls, holes));
      let signature = SPLIT;
      let at = node.startIndex;
      for (const part of parts) {
        signature += `${this.text.slice(at, part.start)}\u0000${part.signature}\u0000`;
        at = part.end;
      }
      signature += this.text.slice(at, node.endIndex);
      // Blank lines between methods mean nothing to Python (its tokenizer skips them); typing starts with one.
      signature = signature.replace(BLANK_LINES, '\n');
      return { start: node.startIndex, end: node.endIndex, signature, anchors: parts.flatMap((part) => part.anchors), parts };
    });
  }

  /**
   * All other statements see of a Python function body: whether an `async def`
   * is a generator, which event loop start a plain function reaches
   * (`py/nested-asyncio-run` follows plain helpers) and which new task it returns (`py/dangling-task`).
   */
  private summarize(body: Node): Summary {
    const fn = body.parent;
    if (fn?.type !== 'function_definition') return { replacement: `{${body.text}}` };
    const file = this.pythonFile();
    if (file.isAsync(fn)) return { replacement: file.isGenerator(fn) ? '…yield…' : '…' };
    const starter = loopStarterOf(file, fn);
    this.starters.set(fn.startIndex, starter ? { kind: starter.kind, inner: { startIndex: starter.inner.startIndex, endIndex: starter.inner.endIndex } } : null);
    // `py/dangling-task` follows plain helpers that return a new task.
    const task = returnedTask(file, fn);
    const anchors = [...(starter ? [starter.inner.startIndex, starter.inner.endIndex] : []), ...(task ? [task.call.startIndex, task.call.endIndex] : [])];
    return { replacement: `{${starter?.kind ?? ''}${task ? `|${task.kind}` : ''}}`, anchors };
  }

  private methodPart(method: Node, cls: Node, holes: readonly Hole[]): Part {
    const assignments = this.whole ? (this.assignmentsByMethod.get(method.startIndex) ?? []) : selfAssignments(this.tree, method, cls);
    const attributes = assignments.map(({ attribute, value }) => [attribute, this.pythonFile().attributeOriginSummary(value)] as const);
    const summary = attributes.map(([attribute, origin]) => `${attribute}=${origin}`).join(';');
    const { signature, anchors } = signatureOf(method, holes, this.text);
    return { start: method.startIndex, end: method.endIndex, signature: `${signature}\u0000${summary}`, anchors, attributes };
  }
}

/** What `self.<attribute>` stands for in a split class: the first assignment's origin summary, by attribute. */
function attributeTable(parts: readonly Part[]): Map<string, string> {
  const table = new Map<string, string>();
  for (const part of parts) for (const [attribute, origin] of part.attributes) if (!table.has(attribute)) table.set(attribute, origin);
  return table;
}

function sameTable(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}

/** The class a top-level statement defines (decorated or not). */
function classOf(node: Node): Node | undefined {
  const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
  return definition?.type === 'class_definition' ? definition : undefined;
}

/**
 * Function bodies whose content no other statement can depend on, per
 * language. TS/JS rules see other functions only through their headers
 * (`async`, return type), so every body is a hole. Python rules also follow
 * plain functions that start an event loop (`py/nested-asyncio-run` through
 * helpers), so a plain body is summarised by the names it calls.
 */
const BODY_QUERY: Record<LanguageFamily, string> = {
  python: '(function_definition body: (block) @body)',
  typescript:
    '[(function_declaration body: (_) @async) (function_expression body: (_) @async) (arrow_function body: (_) @async) (method_definition body: (_) @async) (generator_function_declaration body: (_) @async)]',
};

interface Summary {
  readonly replacement: string;
  /** Offsets other statements' findings point at (related locations), compared after mapping them through the edit. */
  readonly anchors?: readonly number[];
}

interface Hole extends IndexRange, Summary {}

/** Outermost function bodies; Python ones replaced by `summarize` (TS ones by `…`, or `…yield…` for generators). */
function bodyHoles(tree: Tree, text: string, family: LanguageFamily, ranges: readonly IndexRange[] | undefined, summarize: (body: Node) => Summary): Hole[] {
  const captured = captureGroups(tree, BODY_QUERY[family], ranges);
  const bodies = [...(captured.get(family === 'python' ? 'body' : 'async') ?? [])].sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
  const holes: Hole[] = [];
  let lastEnd = -1;
  for (const node of bodies) {
    // Keep the outermost bodies only.
    if (node.endIndex <= lastEnd) continue;
    lastEnd = node.endIndex;
    const start = node.startIndex;
    const end = node.endIndex;
    if (family === 'python') holes.push({ start, end, ...summarize(node) });
    else holes.push({ start, end, replacement: /\byield\b/.test(text.slice(start, end)) ? '…yield…' : '…' });
  }
  return holes;
}

/** A statement's text with function bodies replaced (see BODY_QUERY), and the anchors of those bodies; `holes` sorted, outermost only. */
function signatureOf(node: Node, holes: readonly Hole[], text: string): { signature: string; anchors: number[] } {
  const start = node.startIndex;
  const end = node.endIndex;
  // First hole that ends after the node starts.
  let low = 0;
  let high = holes.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (holes[mid]!.end <= start) low = mid + 1;
    else high = mid;
  }
  let signature = '';
  const anchors: number[] = [];
  let at = start;
  for (let i = low; i < holes.length && holes[i]!.start < end; i++) {
    const hole = holes[i]!;
    if (hole.start < at) continue;
    signature += text.slice(at, hole.start) + hole.replacement;
    if (hole.anchors) anchors.push(...hole.anchors);
    at = hole.end;
  }
  return { signature: signature + text.slice(at, end), anchors };
}

function isFileRule(ruleId: string): boolean {
  return ruleById(ruleId)?.scope === 'file';
}

/** Equal signatures, and anchors of the previous version that map through the edit to the new ones. */
function sameSignatures(a: readonly Unit[], b: readonly Unit[], changes: readonly TextChange[]): boolean {
  const left = a.filter((u) => u.signature);
  const right = b.filter((u) => u.signature);
  if (left.length !== right.length) return false;
  return left.every((unit, i) => {
    const other = right[i]!;
    if (unit.signature !== other.signature || unit.anchors.length !== other.anchors.length) return false;
    const mapped = mapAnchors(unit.anchors, changes);
    return mapped.every((anchor, j) => anchor >= 0 && anchor === other.anchors[j]);
  });
}

/**
 * Where the edit may have changed findings, in new offsets: tree-sitter's
 * changed ranges plus the edited text itself, widened to whole lines and the
 * line after (suppression comments act on their own line and, for
 * `eslint-disable-next-line`, the next one).
 */
function dirtyRanges(edit: IncrementalEdit, text: string): IndexRange[] {
  const ranges: IndexRange[] = [...edit.changedRanges];
  edit.changes.forEach((change, index) => {
    let start = change.rangeOffset;
    let end = start + change.text.length;
    for (const later of edit.changes.slice(index + 1)) {
      start = mapOffset(start, [later], true);
      end = mapOffset(end, [later], true);
    }
    ranges.push({ start, end });
  });
  return ranges.map((range) => {
    const lineStart = text.lastIndexOf('\n', range.start - 1) + 1;
    const lineEnd = text.indexOf('\n', range.end);
    const nextEnd = lineEnd === -1 ? text.length : text.indexOf('\n', lineEnd + 1);
    return { start: lineStart, end: nextEnd === -1 ? text.length : nextEnd };
  });
}

/**
 * Maps an offset of the old text through the changes. Offsets inside a
 * replaced range map to -1, unless `clamp` is set (then to the range's end).
 * An insertion exactly at the offset makes it -1 too, unless `insertion` says
 * whether the offset stays before the inserted text or moves after it.
 */
export function mapOffset(offset: number, changes: readonly TextChange[], clamp = false, insertion?: 'before' | 'after'): number {
  let current = offset;
  for (const change of changes) {
    const oldEnd = change.rangeOffset + change.rangeLength;
    if (insertion && change.rangeLength === 0 && current === change.rangeOffset) {
      if (insertion === 'after') current += change.text.length;
      continue;
    }
    if (current >= oldEnd && !(change.rangeLength === 0 && current === change.rangeOffset)) current += change.text.length - change.rangeLength;
    else if (current > change.rangeOffset || (change.rangeLength === 0 && current === change.rangeOffset && !clamp)) {
      if (!clamp) return -1;
      current = change.rangeOffset + change.text.length;
    }
  }
  return current;
}

/** Anchors are [start, end] pairs of nodes (see Summary), mapped as related locations are. */
function mapAnchors(anchors: readonly number[], changes: readonly TextChange[]): number[] {
  return anchors.map((anchor, i) => mapOffset(anchor, changes, false, i % 2 === 0 ? 'after' : 'before'));
}

/** The finding at its new offsets; `dropped` when it lay in edited text (its unit is re-analysed); undefined when a fix or related location cannot be mapped. */
function moveFinding(finding: Finding, changes: readonly TextChange[]): Finding | 'dropped' | undefined {
  const start = mapOffset(finding.start, changes);
  const end = mapOffset(finding.end, changes);
  if (start < 0 || end < 0) return 'dropped';
  const fixes: Fix[] = [];
  for (const fix of finding.fixes) {
    const edits = fix.edits.map((e) => ({ ...e, start: mapOffset(e.start, changes), end: mapOffset(e.end, changes) }));
    if (edits.some((e) => e.start < 0 || e.end < 0)) return undefined;
    fixes.push({ ...fix, edits });
  }
  // A related location is a node elsewhere: text typed right before it or right after it leaves it whole.
  const related = finding.related.map((r) => ({ ...r, start: mapOffset(r.start, changes, false, 'after'), end: mapOffset(r.end, changes, false, 'before') }));
  if (related.some((r) => r.start < 0 || r.end < 0)) return undefined;
  return { ...finding, start, end, fixes, related };
}

