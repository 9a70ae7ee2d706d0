/** `looplens check [PATH...]`: analyse files and folders, print findings, exit 0/1/2. */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { normaliseRuleSettings } from '../analysis/settings';
import { TypedWorkerClient } from '../analysis/typed/client';
import { mergeFindings } from '../analysis/typed/merge';
import { isTypedFile } from '../analysis/typed/protocol';
import { DEFAULT_MAX_FILE_SIZE_KB } from '../parsing';
import { ParserSlot, checkFile, toCliFindings } from './analyzeFile';
import { discoverFiles } from './files';
import { formatJson, formatSarif, formatText, type CliFinding } from './format';
import { checkFilesInWorkers, MIN_FILES_FOR_WORKERS } from './pool';

/** More threads than this only add start-up cost. */
const MAX_JOBS = 8;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const CHECK_HELP = `Usage: looplens check [options] [PATH...]

Analyse Python, TypeScript and JavaScript files and Jupyter notebooks (.ipynb)
for event-loop pitfalls. Folders are searched recursively, skipping
node_modules, .git, virtual environments and files ignored by git. PATH
defaults to the current folder. A notebook's code cells are analysed together
as the kernel runs them (inside a running event loop); its findings read
nb.ipynb:cell N:LINE:COL, with the line inside cell N (JSON: "cell").

Options:
  --format text|json|sarif   output format (default: text)
  --rule ID=SEVERITY         override a rule's severity (error, warning, info, hint, off); repeatable
  --max-file-size-kb N       skip files larger than N KB (default: ${DEFAULT_MAX_FILE_SIZE_KB})
  --type-aware               also run the type-aware pass on TS/JS files (TypeScript compiler,
                             nearest tsconfig.json or a default program): promises from imported
                             functions and libraries, ts/await-non-thenable
  --jobs N                   analyse files on N threads (default: one per core; 1 = no workers)
  -h, --help                 show this help

Exit status: 0 no findings, 1 findings, 2 usage or I/O error.
`;

interface CheckOptions {
  format: 'text' | 'json' | 'sarif';
  paths: string[];
  rules: Record<string, string>;
  maxFileSizeKb: number;
  typeAware: boolean;
  jobs: number | undefined;
}

class UsageError extends Error {}

function parseCheckArgs(argv: readonly string[]): CheckOptions | 'help' {
  const options: CheckOptions = { format: 'text', paths: [], rules: {}, maxFileSizeKb: DEFAULT_MAX_FILE_SIZE_KB, typeAware: false, jobs: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--format': {
        const format = value();
        if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`unknown format "${format}" (expected text, json or sarif)`);
        options.format = format;
        break;
      }
      case '--rule': {
        const setting = value();
        const eq = setting.indexOf('=');
        if (eq <= 0) throw new UsageError(`--rule expects ID=SEVERITY, got "${setting}"`);
        options.rules[setting.slice(0, eq)] = setting.slice(eq + 1);
        break;
      }
      case '--type-aware':
        options.typeAware = true;
        break;
      case '--jobs': {
        const jobs = Number(value());
        if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('--jobs expects a positive whole number');
        options.jobs = jobs;
        break;
      }
      case '--max-file-size-kb': {
        const size = Number(value());
        if (!Number.isFinite(size) || size <= 0) throw new UsageError('--max-file-size-kb expects a positive number');
        options.maxFileSizeKb = size;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}

export async function runCheckCommand(argv: readonly string[], io: CliIo, version: string): Promise<number> {
  let options: CheckOptions | 'help';
  try {
    options = parseCheckArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`looplens: ${error.message}\nRun "looplens check --help" for usage.\n`);
      return 2;
    }
    throw error;
  }
  if (options === 'help') {
    io.stdout(CHECK_HELP);
    return 0;
  }
  const settings = normaliseRuleSettings(options.rules);
  if (settings.problems.length > 0) {
    for (const problem of settings.problems) io.stderr(`looplens: ${problem.replace('looplens.rules', '--rule')}\n`);
    return 2;
  }
  const { files, errors } = discoverFiles(options.paths);
  for (const error of errors) io.stderr(`looplens: ${error}\n`);
  const fileOptions = { severities: settings.severities, maxFileSizeKb: options.maxFileSizeKb };
  const findings: CliFinding[] = [];
  let ioErrors = errors.length;
  const threads = Math.min(options.jobs ?? availableParallelism(), MAX_JOBS);
  const workerPath = checkWorkerPath();
  if (!options.typeAware && threads > 1 && files.length >= MIN_FILES_FOR_WORKERS && workerPath) {
    for (const result of await checkFilesInWorkers(files, fileOptions, workerPath, threads)) {
      for (const line of result.stderr) io.stderr(line);
      if (result.ioError) ioErrors++;
      findings.push(...result.findings);
    }
  } else {
    const parser = new ParserSlot();
    let typedOffReported = false;
    const typed = options.typeAware ? new TypedWorkerClient({ workerPath: typedWorkerPath(), budgetMs: 30_000, firstRunLimitMs: 300_000, maxFailures: 1 }) : undefined;
    try {
      for (const file of files) {
        // A turn of the event loop per file, so Ctrl+C (SIGINT) is handled promptly: the awaits below may all resolve synchronously.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const outcome = await checkFile(parser, file, fileOptions);
        for (const line of outcome.stderr) io.stderr(line);
        if (outcome.ioError) ioErrors++;
        findings.push(...(outcome.notebookFindings ?? []));
        if (!outcome.analysed) continue;
        const { text } = outcome.analysed;
        let found = outcome.analysed.found;
        if (typed && isTypedFile(file)) {
          const typedOutcome = await typed.analyze({ rootDir: process.cwd(), filePath: resolve(file), text, severities: settings.severities });
          if (typedOutcome.status === 'ok') found = mergeFindings(found, typedOutcome.result.findings);
          else if (typedOutcome.status === 'failed') {
            // An internal failure of the type-aware pass is ours, not the user's: keep the syntactic findings, say so once, exit as usual.
            io.stderr(`looplens: type-aware pass failed on ${file} (syntactic findings only): ${typedOutcome.reason}\n`);
          } else if (typedOutcome.status === 'disabled' && !typedOffReported) {
            typedOffReported = true;
            io.stderr('looplens: the type-aware pass is off after a failure; the remaining files get syntactic findings only\n');
          }
        }
        findings.push(...toCliFindings(file, text, found));
      }
    } finally {
      parser.dispose();
      await typed?.dispose();
    }
  }
  const output = options.format === 'json' ? formatJson(findings) : options.format === 'sarif' ? formatSarif(findings, version) : formatText(findings);
  io.stdout(output);
  if (options.format === 'text' && files.length > 0) {
    io.stderr(`looplens: ${findings.length} finding${findings.length === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}\n`);
  }
  if (ioErrors > 0) return 2;
  return findings.length > 0 ? 1 : 0;
}

/** `typed-worker.js` sits next to `cli.js` in dist/ (unit-test bundles live two folders below). */
function typedWorkerPath(): string {
  const candidates = [join(__dirname, 'typed-worker.js'), join(__dirname, '..', '..', 'typed-worker.js')];
  return candidates.find((path) => existsSync(path)) ?? candidates[0]!;
}

/** `check-worker.js` next to `cli.js`, or undefined when this build has none (files are then checked in-process). */
function checkWorkerPath(): string | undefined {
  return [join(__dirname, 'check-worker.js'), join(__dirname, '..', '..', 'check-worker.js')].find((path) => existsSync(path));
}
