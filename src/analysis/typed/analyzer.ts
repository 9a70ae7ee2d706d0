/**
 * Owns one TypeScript project service (typescript-eslint's, over the
 * workspace's tsconfig.json files; files outside any tsconfig get an inferred
 * "default program" with lenient options) and runs the type-aware checks on
 * files whose current text is pushed in memory. Edits reach TypeScript as the
 * smallest changed span, so re-checks re-parse incrementally and reuse every
 * other file of the program. Pure: no vscode; runs in a worker or the CLI.
 *
 * TypeScript language-service plugins named in tsconfig are never loaded
 * (typescript-eslint's service stubs `require`), no typings installer runs and
 * no file watcher is created: reading a project executes none of its code.
 */
import { createProjectService } from '@typescript-eslint/project-service';
import { parseAndGenerateServices, type ParserServicesWithTypeInformation, type TSESTree } from '@typescript-eslint/typescript-estree';
import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import * as ts from 'typescript';
import { LineIndex } from '../../parsing/text';
import { ruleById } from '../registry';
import { Suppressions } from '../suppression';
import type { Finding, Severity, SeveritySetting } from '../types';
import { runTypedChecks, TYPED_RULE_IDS, type TypedReport } from './checks';

export interface TypedAnalyzeOptions {
  readonly severities?: Readonly<Record<string, SeveritySetting>>;
  /** Wall-clock budget of the checks for this file, in ms (the program update is not interruptible). */
  readonly budgetMs?: number;
}

export interface TypedFileResult {
  readonly findings: Finding[];
  /** The budget ran out: findings are partial. */
  readonly timedOut: boolean;
  /** Time to bring the program up to date with the text (ms). */
  readonly programMs: number;
  /** Time of the checks (ms). */
  readonly checkMs: number;
  /** The tsconfig.json that owns the file, or undefined for the inferred default program. */
  readonly configFile: string | undefined;
}

const JAVASCRIPT = new Set(['.js', '.jsx', '.mjs', '.cjs']);
export const TYPED_EXTENSIONS: ReadonlySet<string> = new Set(['.ts', '.tsx', '.mts', '.cts', ...JAVASCRIPT]);

/** Compiler options of the default program (no tsconfig.json at the root). */
const DEFAULT_OPTIONS: ts.server.protocol.InferredProjectCompilerOptions = {
  allowJs: true,
  checkJs: false,
  target: 'es2022' as ts.server.protocol.ScriptTarget,
  module: 'esnext' as ts.server.protocol.ModuleKind,
  moduleResolution: 'bundler' as ts.server.protocol.ModuleResolutionKind,
  strict: true,
  skipLibCheck: true,
  jsx: 'preserve' as ts.server.protocol.JsxEmit,
};

/** Metadata for typed rule ids the registry does not (yet) list. */
const FALLBACK: Record<string, { severity: Severity; interopCodes: readonly string[] }> = {
  'ts/floating-promise': { severity: 'warning', interopCodes: ['@typescript-eslint/no-floating-promises'] },
  'ts/promise-in-condition': { severity: 'warning', interopCodes: ['@typescript-eslint/no-misused-promises'] },
  'ts/await-non-thenable': { severity: 'hint', interopCodes: ['@typescript-eslint/await-thenable'] },
  'ts/async-callback-void': { severity: 'warning', interopCodes: ['@typescript-eslint/no-misused-promises'] },
  'ts/async-foreach': { severity: 'warning', interopCodes: ['@typescript-eslint/no-misused-promises'] },
  'ts/return-without-await-in-try': { severity: 'warning', interopCodes: ['@typescript-eslint/return-await'] },
};

export class TypedAnalyzer {
  private readonly service: ts.server.ProjectService;
  private readonly open = new Set<string>();

  /** `libDir` holds TypeScript's `lib.*.d.ts` (found next to the bundle or in node_modules when omitted). */
  constructor(readonly rootDir: string, libDir: string = findLibDir()) {
    const host = { getExecutingFilePath: () => join(libDir, 'typescript.js') };
    // JSDoc is parsed only where it carries types (JavaScript files), as tsc does: much less work on documented code.
    const jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeInfo;
    this.service = createProjectService({ host, jsDocParsingMode, tsconfigRootDir: rootDir }).service as unknown as ts.server.ProjectService;
    if (!existsSync(join(rootDir, 'tsconfig.json'))) this.service.setCompilerOptionsForInferredProjects(DEFAULT_OPTIONS);
  }

  static handles(filePath: string): boolean {
    return TYPED_EXTENSIONS.has(extname(filePath).toLowerCase());
  }

  /** Type-aware findings for `filePath` whose current content is `text`. */
  analyze(filePath: string, text: string, options: TypedAnalyzeOptions = {}): TypedFileResult {
    const started = performance.now();
    const { program, configFile } = this.update(filePath, text);
    const sourceFile = program.getSourceFile(filePath);
    if (!sourceFile) throw new Error(`${filePath} is not part of its TypeScript program`);
    const { ast, services } = parseAndGenerateServices(sourceFile, {
      programs: [program],
      filePath,
      range: true,
      loggerFn: false,
      onUnsupportedTypeScriptVersion: 'ignore',
      disallowAutomaticSingleRunInference: true,
      errorOnUnknownASTType: false,
      // Valid sloppy-mode JavaScript that TypeScript parses (`for (var x = 1 in o)`) must not abort the pass.
      allowInvalidAST: true,
      suppressDeprecatedPropertyWarnings: true,
    });
    const programMs = performance.now() - started;
    const severities = options.severities ?? {};
    const settingOf = (ruleId: string): SeveritySetting => severities[ruleId] ?? ruleById(ruleId)?.defaultSeverity ?? FALLBACK[ruleId]?.severity ?? 'warning';
    const { reports, timedOut } = runTypedChecks({
      ast: ast as TSESTree.Program,
      services: services as ParserServicesWithTypeInformation,
      sourceFile,
      javascript: JAVASCRIPT.has(extname(filePath).toLowerCase()),
      enabled: (ruleId) => settingOf(ruleId) !== 'off',
      deadline: performance.now() + (options.budgetMs ?? Infinity),
    });
    const findings = applySuppressions(reports, sourceFile, settingOf);
    return { findings, timedOut, programMs, checkMs: performance.now() - started - programMs, configFile };
  }

  /**
   * A file changed on disk (the service watches nothing itself): files the
   * editor does not hold are re-read; a changed tsconfig/jsconfig/package.json reloads the projects.
   */
  fileChanged(filePath: string): void {
    if (/(?:^|[\\/])(?:[tj]sconfig[^\\/]*\.json|package\.json)$/.test(filePath)) {
      this.service.reloadProjects();
      return;
    }
    if (this.open.has(filePath)) return;
    const info = this.service.getScriptInfoForNormalizedPath(ts.server.toNormalizedPath(filePath));
    if (!info) return;
    if (existsSync(filePath)) info.reloadFromFile();
    else info.markContainingProjectsAsDirty();
  }

  /** Forget the in-memory text of a file (it is read from disk again if another file needs it). */
  close(filePath: string): void {
    if (!this.open.delete(filePath)) return;
    this.service.closeClientFile(filePath);
  }

  dispose(): void {
    for (const file of [...this.open]) this.close(file);
  }

  private update(filePath: string, text: string): { program: ts.Program; configFile: string | undefined } {
    const normalized = ts.server.toNormalizedPath(filePath);
    const info = this.open.has(filePath) ? this.service.getScriptInfoForNormalizedPath(normalized) : undefined;
    let configFile: string | undefined;
    if (info) {
      const snapshot = info.getSnapshot();
      const old = snapshot.getText(0, snapshot.getLength());
      if (old !== text) {
        const { start, oldEnd, newEnd } = changedSpan(old, text);
        info.editContent(start, oldEnd, text.slice(start, newEnd));
      }
    } else {
      const opened = this.service.openClientFile(filePath, text, scriptKind(filePath), this.rootDir);
      configFile = opened.configFileName;
      this.open.add(filePath);
    }
    const project = this.service.getDefaultProjectForFile(normalized, true);
    const program = project?.getLanguageService(true).getProgram();
    if (!project || !program) throw new Error(`no TypeScript project for ${filePath}`);
    if (configFile === undefined && project.projectKind === ts.server.ProjectKind.Configured) configFile = project.getProjectName();
    return { program, configFile };
  }
}

/**
 * Bundled, TypeScript cannot find its default libraries next to itself: the
 * build copies them to `dist/typescript-lib`; in the repository they are in node_modules.
 */
export function findLibDir(): string {
  const candidates = [join(__dirname, 'typescript-lib')];
  try {
    candidates.push(dirname(require.resolve('typescript/package.json')) + '/lib');
  } catch {
    // Not installed: only the bundled copy can serve.
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'lib.es5.d.ts')));
  if (!found) throw new Error(`TypeScript's lib.*.d.ts files are missing (looked in ${candidates.join(', ')})`);
  return found;
}

/** The smallest span that differs between two texts (common prefix and suffix removed). */
export function changedSpan(before: string, after: string): { start: number; oldEnd: number; newEnd: number } {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < max - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

function scriptKind(filePath: string): ts.ScriptKind {
  switch (extname(filePath).toLowerCase()) {
    case '.tsx':
      return ts.ScriptKind.TSX;
    case '.jsx':
      return ts.ScriptKind.JSX;
    case '.js':
    case '.mjs':
    case '.cjs':
      return ts.ScriptKind.JS;
    default:
      return ts.ScriptKind.TS;
  }
}

/** Severities from settings, then the same same-line suppressions as the syntactic tier. */
function applySuppressions(reports: readonly TypedReport[], sourceFile: ts.SourceFile, settingOf: (ruleId: string) => SeveritySetting): Finding[] {
  const text = sourceFile.text;
  const lines = new LineIndex(text);
  const suppressions = new Suppressions();
  const rows = new Set<number>();
  for (const report of reports) {
    const row = lines.positionAt(report.start).row;
    rows.add(row);
    rows.add(row - 1);
  }
  for (const row of rows) {
    if (row < 0) continue;
    for (const comment of commentsOnLine(sourceFile, lines, row)) {
      suppressions.addComment(text.slice(comment.pos, comment.end), row, lines.positionAt(comment.end).row);
    }
  }
  const findings: Finding[] = [];
  for (const report of reports) {
    const setting = settingOf(report.ruleId);
    if (setting === 'off') continue;
    const interop = ruleById(report.ruleId)?.interopCodes ?? FALLBACK[report.ruleId]?.interopCodes ?? [];
    if (suppressions.isSuppressed(lines.positionAt(report.start).row, report.ruleId, interop)) continue;
    findings.push({ ruleId: report.ruleId, start: report.start, end: report.end, message: report.message, severity: setting, fixes: report.fixes, related: [] });
  }
  findings.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
  return findings;
}

const SUPPRESSION_WORDS = /looplens|noqa|pyright|eslint-disable/;

/**
 * Comments that start on `row`, read only for rows near a finding: the
 * comment ranges of the trivia before each token of the line (leading
 * comments of the next token, trailing comments of the previous one).
 */
function commentsOnLine(sourceFile: ts.SourceFile, lines: LineIndex, row: number): ts.CommentRange[] {
  const text = sourceFile.text;
  const start = lines.lineStart(row);
  const end = row + 1 < lines.lineCount ? lines.lineStart(row + 1) : text.length;
  if (!SUPPRESSION_WORDS.test(text.slice(start, end))) return [];
  const found = new Map<number, ts.CommentRange>();
  const collect = (ranges: ts.CommentRange[] | undefined): void => {
    for (const range of ranges ?? []) if (range.pos >= start && range.pos < end) found.set(range.pos, range);
  };
  // Every gap between tokens on the line is trivia; scan it with TypeScript's own comment reader.
  const visit = (node: ts.Node): void => {
    if (node.end < start || node.pos >= end) return;
    if (node.kind < ts.SyntaxKind.FirstNode || node.getChildCount(sourceFile) === 0) {
      collect(ts.getLeadingCommentRanges(text, node.pos));
      collect(ts.getTrailingCommentRanges(text, node.end));
      return;
    }
    for (const child of node.getChildren(sourceFile)) visit(child);
  };
  visit(sourceFile);
  return [...found.values()];
}

export { TYPED_RULE_IDS };
