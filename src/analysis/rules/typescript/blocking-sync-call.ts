/**
 * ts/blocking-sync-call: synchronous I/O, child processes, compression and
 * crypto (`fs.readFileSync`, `execSync`, `zlib.gzipSync`, `crypto.pbkdf2Sync`)
 * in code the event loop runs — async functions and loop callbacks.
 */
import type { Node } from 'web-tree-sitter';
import { unwrapParentheses } from '../../syntax';
import type { TsFile } from '../../typescript/semantics';
import type { Fix, Rule } from '../../types';
import doc from './blocking-sync-call.md';

/** `fs.xSync` functions with an `fs.promises.x` counterpart. */
const FS_PROMISES = new Set([
  'access', 'appendFile', 'chmod', 'chown', 'copyFile', 'cp', 'lchown', 'link', 'lstat', 'lutimes', 'mkdir', 'mkdtemp', 'open', 'opendir',
  'readdir', 'readFile', 'readlink', 'realpath', 'rename', 'rm', 'rmdir', 'stat', 'statfs', 'symlink', 'truncate', 'unlink', 'utimes', 'writeFile',
]);
const CHILD_PROCESS = new Set(['execSync', 'execFileSync', 'spawnSync']);

/** Module path → the kind of blocking work, or undefined when not a blocking call. */
export function blockingKind(qualified: string | undefined): string | undefined {
  if (!qualified) return undefined;
  const match = /^(fs|child_process|zlib|crypto)\.(\w+Sync)$/.exec(qualified);
  if (!match) return undefined;
  const [, module, name] = match;
  if (module === 'fs') return 'file-system';
  if (module === 'child_process') return CHILD_PROCESS.has(name!) ? 'child-process' : undefined;
  if (module === 'zlib') return 'compression';
  return 'crypto';
}

export const blockingSyncCall: Rule<TsFile> = {
  id: 'ts/blocking-sync-call',
  family: 'typescript',
  defaultSeverity: 'warning',
  summary: '`fs.*Sync`, `execSync`, `zlib.*Sync`, `crypto.*Sync` in async functions or loop callbacks: blocks every other task',
  scope: 'file',
  interopCodes: ['n/no-sync', 'node/no-sync'],
  doc,
  check(context, file) {
    for (const call of file.calls) {
      const callee = call.childForFieldName('function');
      if (!callee) continue;
      const qualified = file.qualifiedName(callee);
      const kind = blockingKind(qualified);
      if (!kind || !file.runsOnLoop(call)) continue;
      const fixes = fixesFor(file, call, callee, qualified!);
      context.report({
        node: call,
        end: call.childForFieldName('arguments')?.startIndex ?? call.endIndex,
        message: `\`${callee.text}()\` is synchronous ${kind} work inside code the event loop runs: while it runs, no timer, I/O callback or other request is served.${counterpartHint(qualified!)}`,
        fixes,
      });
    }
  },
};

function counterpartHint(qualified: string): string {
  const [module, name] = qualified.split('.') as [string, string];
  const base = name.replace(/Sync$/, '');
  if (module === 'fs' && FS_PROMISES.has(base)) return ` Use \`await fs.promises.${base}(…)\`.`;
  if (module === 'fs' && base === 'exists') return ' Use `await fs.promises.access(…)` (or do the operation and handle `ENOENT`).';
  if (module === 'child_process') return ` Use \`${base === 'spawn' ? 'spawn' : `util.promisify(child_process.${base})`}\` instead.`;
  if (module === 'zlib' || module === 'crypto') return ` Use the callback form \`${module}.${base}\` (with \`util.promisify\`), which runs on the thread pool.`;
  return '';
}

/** `fs.readFileSync(p)` → `await fs.promises.readFile(p)` when the callee is `<fs alias>.xSync` in an async function. */
function fixesFor(file: TsFile, call: Node, callee: Node, qualified: string): Fix[] {
  const [module, name] = qualified.split('.') as [string, string];
  const base = name.replace(/Sync$/, '');
  if (module !== 'fs' || !FS_PROMISES.has(base) || !file.isAsyncContext(call)) return [];
  const member = unwrapParentheses(callee);
  const object = member.type === 'member_expression' ? member.childForFieldName('object') : null;
  if (!object || file.qualifiedName(object) !== 'fs') return [];
  const parent = call.parent;
  const needsParens = !!parent && (parent.type === 'member_expression' || parent.type === 'subscript_expression' || (parent.type === 'call_expression' && parent.childForFieldName('function')?.id === call.id));
  const args = call.childForFieldName('arguments')!;
  const replacement = `await ${object.text}.promises.${base}${args.text}`;
  return [
    {
      title: `Use \`await ${object.text}.promises.${base}(…)\``,
      safe: false,
      edits: [{ start: call.startIndex, end: call.endIndex, newText: needsParens ? `(${replacement})` : replacement }],
    },
  ];
}
