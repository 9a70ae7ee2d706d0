/**
 * The peers (Ruff-wasm, ESLint + typescript-eslint), driven so that the bench
 * can prove they did the work it times. A peer that checks nothing is very
 * fast: ESLint once "linted" 135k lines in 64 ms because flat config ignores
 * node_modules by default and answered every file with "No matching
 * configuration". So every peer run is checked:
 *  - ESLint: a probe rule counts the files the rules really ran on and the
 *    files that had type information (a TypeScript program holding them);
 *    messages without a rule id (parse errors, unmatched configuration) count
 *    as failed files; a canary file with a floating promise must be reported.
 *  - Ruff: files reported `invalid-syntax` count as failed; a canary text with
 *    `time.sleep` in a coroutine and a dropped `create_task` must be reported.
 * `assertCoverage` refuses a figure when the peer checked too little, and says why.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from './corpus';

const requireHere = createRequire(__filename);

/** What a peer really checked during a measurement. */
export interface PeerCoverage {
  /** Files (or texts) handed to the peer. */
  readonly files: number;
  /** Files the peer's rules ran on without a parse failure. */
  readonly checked: number;
  /** ESLint only: files the rules saw with type information. */
  readonly typed?: number;
  /** Files the peer could not check (parse errors, no matching configuration). */
  readonly failed: number;
  /** The first few reasons, "file: message". */
  readonly reasons: readonly string[];
  /** The canary (a known pitfall) was reported: the rules are on. */
  readonly canary: boolean;
}

/** Smallest share of the files a peer must really check for its figure to be reported. */
export const MIN_CHECKED_SHARE = 0.95;

/** Throws (so the row shows "not available: …") when `coverage` shows the peer did not do the work being timed. */
export function assertCoverage(peer: string, coverage: PeerCoverage, minShare = MIN_CHECKED_SHARE): void {
  const problems: string[] = [];
  if (!coverage.canary) problems.push('its rules did not report the canary pitfall (rules not enabled?)');
  if (coverage.checked === 0) problems.push(`it checked none of the ${coverage.files} files`);
  else if (coverage.checked < coverage.files * minShare) problems.push(`it checked only ${coverage.checked} of ${coverage.files} files`);
  if (coverage.typed !== undefined && coverage.typed < coverage.checked) problems.push(`only ${coverage.typed} of the ${coverage.checked} linted files had type information`);
  if (problems.length === 0) return;
  const why = coverage.reasons.length ? `; first failures: ${coverage.reasons.slice(0, 3).join(' | ')}` : '';
  throw new Error(`${peer} figure refused: ${problems.join('; ')}${why}`);
}

export function coverageNote(coverage: PeerCoverage): string {
  const typed = coverage.typed !== undefined ? `, ${coverage.typed} with types` : '';
  return `${coverage.checked}/${coverage.files} files checked${typed}${coverage.failed ? `, ${coverage.failed} failed` : ''}`;
}

// ---------------------------------------------------------------- Ruff

export interface RuffDiagnostic {
  readonly code: string | null;
  readonly message: string;
}

export interface RuffWorkspace {
  check(text: string): RuffDiagnostic[];
}

const RUFF_CANARY = 'import asyncio\nimport time\n\n\nasync def main():\n    time.sleep(1)\n    asyncio.create_task(main())\n';

/** A Ruff-wasm workspace with the rules the bench compares (ASYNC + RUF006). */
export function ruffWorkspace(): { workspace: RuffWorkspace; version: string } {
  const { Workspace, PositionEncoding } = requireHere('@astral-sh/ruff-wasm-nodejs') as {
    Workspace: (new (options: object, encoding: unknown) => RuffWorkspace) & { version(): string };
    PositionEncoding: { Utf16: unknown };
  };
  const workspace = new Workspace({ 'line-length': 120, lint: { select: ['ASYNC', 'RUF006'], preview: false } }, PositionEncoding.Utf16);
  return { workspace, version: Workspace.version() };
}

/** Counts what Ruff checked: `add` each (name, diagnostics) pair, then `result()`. */
export class RuffTally {
  private files = 0;
  private failed = 0;
  private readonly reasons: string[] = [];

  constructor(private readonly workspace: RuffWorkspace) {}

  add(name: string, diagnostics: readonly RuffDiagnostic[]): void {
    this.files++;
    const syntax = diagnostics.find((d) => d.code === 'invalid-syntax' || d.code === null);
    if (!syntax) return;
    this.failed++;
    if (this.reasons.length < 5) this.reasons.push(`${name}: ${syntax.message}`);
  }

  result(): PeerCoverage {
    const codes = new Set(this.workspace.check(RUFF_CANARY).map((d) => d.code));
    return { files: this.files, checked: this.files - this.failed, failed: this.failed, reasons: this.reasons, canary: codes.has('ASYNC251') && codes.has('RUF006') };
  }
}

// ---------------------------------------------------------------- ESLint

interface LintMessage {
  readonly ruleId: string | null;
  readonly message: string;
  readonly fatal?: boolean;
}

interface LinterLike {
  verify(code: string, config: unknown[], filename: string): LintMessage[];
}

interface RuleContext {
  readonly filename: string;
  readonly sourceCode: { readonly parserServices?: { readonly program?: { getSourceFile(name: string): unknown } | null } };
}

const CANARY_FILE = 'looplens-bench-canary.ts';
const CANARY_TEXT = 'async function load(): Promise<number> {\n  return 1;\n}\n\nexport function main(): void {\n  load();\n}\n';

/**
 * A throw-away tsconfig in `dir` listing `files` plus the canary file (type
 * information for ESLint's type-aware rules); TypeScript follows their imports.
 */
export function writeTsconfig(dir: string, files: readonly string[]): string {
  const tsconfig = join(dir, 'tsconfig.json');
  const canary = join(dir, CANARY_FILE);
  writeFileSync(canary, CANARY_TEXT);
  writeFileSync(tsconfig, JSON.stringify({
    compilerOptions: {
      target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', allowJs: true, checkJs: false, noEmit: true, strict: true,
      skipLibCheck: true, lib: ['es2023', 'dom'], types: ['node'], typeRoots: [join(REPO_ROOT, 'node_modules/@types')],
    },
    files: [...files, canary],
  }));
  return tsconfig;
}

/**
 * ESLint's Linter with typescript-eslint's parser on the tsconfig written by
 * `writeTsconfig(dir, …)` (a program kept warm between calls), the given
 * rules, and a probe rule that counts what was linted. `lint` returns the
 * rule messages; `coverage()` lints the canary and reports.
 */
export class TypeAwareLinter {
  private readonly linter: LinterLike;
  private readonly config: unknown[];
  private files = 0;
  private linted = 0;
  private typed = 0;
  private failed = 0;
  private readonly reasons: string[] = [];
  private probing = true;

  constructor(
    private readonly dir: string,
    tsconfig: string,
    rules: Record<string, unknown>,
  ) {
    // Loaded at run time from node_modules (never bundled: ESLint has optional dependencies a bundler cannot resolve).
    const { Linter } = requireHere('eslint') as { Linter: new (options: object) => LinterLike };
    const tseslint = requireHere('typescript-eslint') as { parser: unknown; plugin: unknown };
    this.linter = new Linter({ configType: 'flat', cwd: '/' });
    const probe = {
      meta: { type: 'problem', schema: [] },
      create: (context: RuleContext) => ({
        Program: () => {
          if (!this.probing) return;
          this.linted++;
          if (context.sourceCode.parserServices?.program?.getSourceFile(context.filename)) this.typed++;
        },
      }),
    };
    this.config = [
      // Flat config ignores **/node_modules/ by default, where the corpus lives.
      { ignores: ['!**/node_modules/'] },
      {
        files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs', '**/*.cjs'],
        languageOptions: { parser: tseslint.parser, parserOptions: { project: tsconfig, tsconfigRootDir: dir }, sourceType: 'module' },
        linterOptions: { reportUnusedDisableDirectives: 'off' },
        plugins: { '@typescript-eslint': tseslint.plugin, bench: { rules: { probe } } },
        rules: { ...rules, 'bench/probe': 'warn' },
      },
    ];
  }

  /** Lints `text` as `file`: the messages of the compared rules, and whether the rules ran (failures are counted). */
  lint(text: string, file: string): { messages: LintMessage[]; ok: boolean } {
    this.files++;
    const messages = this.linter.verify(text, this.config, file);
    const failure = messages.find((m) => !m.ruleId || m.fatal);
    if (failure) {
      this.failed++;
      if (this.reasons.length < 5) this.reasons.push(`${file}: ${failure.message}`);
    }
    return { messages: messages.filter((m) => m.ruleId && m.ruleId !== 'bench/probe'), ok: !failure };
  }

  coverage(): PeerCoverage {
    this.probing = false;
    const canary = this.linter.verify(CANARY_TEXT, this.config, join(this.dir, CANARY_FILE)).some((m) => m.ruleId === '@typescript-eslint/no-floating-promises');
    return { files: this.files, checked: this.linted, typed: this.typed, failed: this.failed, reasons: this.reasons, canary };
  }
}
