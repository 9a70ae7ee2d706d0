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
import { ruleById } from './registry';
import { captureGroups, type IndexRange } from './syntax';
import type { Finding, Fix } from './types';

interface Unit {
  readonly start: number;
  readonly end: number;
  readonly signature: string;
}

interface DocumentState {
  readonly version: number;
  readonly units: readonly Unit[];
  readonly findings: readonly Finding[];
  readonly optionsKey: string;
}

export interface IncrementalStats {
  /** `full` when every unit was analysed, else the number of units re-analysed. */
  readonly mode: 'full' | 'partial';
  readonly unitsAnalysed: number;
  readonly unitsTotal: number;
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
      this.states.set(parsed.key, { version: parsed.version, units: partial.units, findings: partial.findings, optionsKey });
      return partial.findings;
    }
    const nodes = root.namedChildren.filter((n): n is Node => !!n);
    const signatures = unitSignatures(nodes, bodyHoles(parsed.tree, parsed.text, language.family), parsed.text);
    const units = nodes.map((node, i) => ({ start: node.startIndex, end: node.endIndex, signature: signatures[i]! }));
    const findings = analyze(parsed.tree, parsed.text, language, options);
    this.lastStats = { mode: 'full', unitsAnalysed: units.length, unitsTotal: units.length };
    this.states.set(parsed.key, { version: parsed.version, units, findings, optionsKey });
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
  ): { units: Unit[]; findings: Finding[] } | undefined {
    const text = parsed.text;
    const dirty = dirtyRanges(edit, text);
    // Old units that no edit touched keep their signature at their shifted position.
    const reusable = new Map<number, string>();
    for (const unit of previous.units) {
      const start = mapOffset(unit.start, edit.changes);
      const end = mapOffset(unit.end, edit.changes);
      if (start >= 0 && end >= 0 && end - start === unit.end - unit.start) reusable.set(start, unit.signature);
    }
    const nodes = parsed.tree.rootNode.namedChildren.filter((n): n is Node => !!n);
    const known: (string | undefined)[] = [];
    const dirtyNodes: Node[] = [];
    const dirtyUnits: IndexRange[] = [];
    for (const node of nodes) {
      const range = { start: node.startIndex, end: node.endIndex };
      const isDirty = dirty.some((d) => d.start <= range.end && range.start <= d.end);
      const signature = isDirty ? undefined : reusable.get(range.start);
      known.push(signature);
      if (signature === undefined) {
        dirtyNodes.push(node);
        dirtyUnits.push(range);
      }
    }
    const fresh = unitSignatures(dirtyNodes, bodyHoles(parsed.tree, text, language.family, dirtyUnits), text);
    let f = 0;
    const units: Unit[] = nodes.map((node, i) => ({ start: node.startIndex, end: node.endIndex, signature: known[i] ?? fresh[f++]! }));
    if (!sameSignatures(previous.units, units)) return undefined;
    const kept: Finding[] = [];
    for (const finding of previous.findings) {
      if (isFileRule(finding.ruleId)) continue;
      const moved = moveFinding(finding, edit.changes);
      if (moved === 'dropped') continue;
      if (!moved) return undefined;
      if (!dirtyUnits.some((u) => u.start <= moved.start && moved.start < u.end)) kept.push(moved);
    }
    const found = dirtyUnits.length > 0 ? analyze(parsed.tree, text, language, { ...options, ranges: dirtyUnits, ruleFilter: (rule) => rule.scope !== 'file' }) : [];
    found.push(...analyze(parsed.tree, text, language, { ...options, ruleFilter: (rule) => rule.scope === 'file' }));
    this.lastStats = { mode: 'partial', unitsAnalysed: dirtyUnits.length, unitsTotal: units.length };
    const findings = [...kept, ...found].sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
    return { units, findings };
  }
}

/**
 * Function bodies whose content no other statement can depend on, per
 * language. TS/JS rules see other functions only through their headers
 * (`async`, return type), so every body is a hole. Python rules also follow
 * plain functions that start an event loop (`py/nested-asyncio-run` through
 * helpers), so a plain body is summarised by the names it calls.
 */
const BODY_QUERY: Record<LanguageFamily, string> = {
  python: '(function_definition "async" body: (block) @async) (function_definition body: (block) @body)',
  typescript:
    '[(function_declaration body: (_) @async) (function_expression body: (_) @async) (arrow_function body: (_) @async) (method_definition body: (_) @async) (generator_function_declaration body: (_) @async)]',
};

interface Hole extends IndexRange {
  readonly replacement: string;
}

function bodyHoles(tree: Tree, text: string, family: LanguageFamily, ranges?: readonly IndexRange[]): Hole[] {
  const captured = captureGroups(tree, BODY_QUERY[family], ranges);
  const asyncBodies = captured.get('async') ?? [];
  const asyncStarts = new Set(asyncBodies.map((node) => node.startIndex));
  // An async body that yields makes an async generator, not a coroutine: other statements' findings depend on that.
  const holes: Hole[] = asyncBodies.map((node) => ({ start: node.startIndex, end: node.endIndex, replacement: /\byield\b/.test(text.slice(node.startIndex, node.endIndex)) ? '…yield…' : '…' }));
  for (const node of captured.get('body') ?? []) {
    if (asyncStarts.has(node.startIndex)) continue;
    holes.push({ start: node.startIndex, end: node.endIndex, replacement: `{${calledNames(text.slice(node.startIndex, node.endIndex))}}` });
  }
  holes.sort((a, b) => a.start - b.start || b.end - a.end);
  // Keep the outermost holes only.
  const outer: Hole[] = [];
  for (const hole of holes) {
    const last = outer[outer.length - 1];
    if (last && hole.start >= last.start && hole.end <= last.end) continue;
    outer.push(hole);
  }
  return outer;
}

/** Sorted distinct names followed by `(`: a cheap, conservative summary of what a body calls. */
function calledNames(body: string): string {
  const names = new Set<string>();
  for (const match of body.matchAll(/([A-Za-z_][\w]*)\s*\(/g)) names.add(match[1]!);
  return [...names].sort().join(',');
}

/** Signatures of top-level statements: their text with function bodies replaced (see BODY_QUERY). Comments have none. */
function unitSignatures(nodes: readonly Node[], holes: readonly Hole[], text: string): string[] {
  let h = 0;
  return nodes.map((node) => {
    if (node.type === 'comment') return '';
    const start = node.startIndex;
    const end = node.endIndex;
    while (h < holes.length && holes[h]!.end <= start) h++;
    let signature = '';
    let at = start;
    for (let i = h; i < holes.length && holes[i]!.start < end; i++) {
      const hole = holes[i]!;
      if (hole.start < at) continue;
      signature += text.slice(at, hole.start) + hole.replacement;
      at = hole.end;
    }
    return signature + text.slice(at, end);
  });
}

function isFileRule(ruleId: string): boolean {
  return ruleById(ruleId)?.scope === 'file';
}

function sameSignatures(a: readonly Unit[], b: readonly Unit[]): boolean {
  const left = a.map((u) => u.signature).filter(Boolean);
  const right = b.map((u) => u.signature).filter(Boolean);
  return left.length === right.length && left.every((signature, i) => signature === right[i]);
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
 */
export function mapOffset(offset: number, changes: readonly TextChange[], clamp = false): number {
  let current = offset;
  for (const change of changes) {
    const oldEnd = change.rangeOffset + change.rangeLength;
    if (current >= oldEnd && !(change.rangeLength === 0 && current === change.rangeOffset)) current += change.text.length - change.rangeLength;
    else if (current > change.rangeOffset || (change.rangeLength === 0 && current === change.rangeOffset && !clamp)) {
      if (!clamp) return -1;
      current = change.rangeOffset + change.text.length;
    }
  }
  return current;
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
  const related = finding.related.map((r) => ({ ...r, start: mapOffset(r.start, changes), end: mapOffset(r.end, changes) }));
  if (related.some((r) => r.start < 0 || r.end < 0)) return undefined;
  return { ...finding, start, end, fixes, related };
}
