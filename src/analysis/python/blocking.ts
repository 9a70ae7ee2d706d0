/**
 * Which calls block the thread that runs the event loop: sync HTTP,
 * subprocesses, file I/O, `input()` and thread synchronisation primitives.
 * One classifier shared by the `py/blocking-*` rules and `py/async-without-await`.
 */
import type { Node } from 'web-tree-sitter';
import { unwrapParentheses } from '../syntax';
import type { PythonFile } from './semantics';

export type BlockingCategory = 'http' | 'subprocess' | 'file-io' | 'input' | 'sleep' | 'sync-primitive';

export interface BlockingCall {
  readonly category: BlockingCategory;
  /** How the message names the call, e.g. `requests.get()` or `Popen.wait()`. */
  readonly display: string;
}

const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];
const HTTP_FUNCTIONS = new Set([
  ...HTTP_VERBS.map((verb) => `requests.${verb}`),
  ...HTTP_VERBS.map((verb) => `requests.api.${verb}`),
  ...[...HTTP_VERBS, 'stream'].map((verb) => `httpx.${verb}`),
  // httpx2 is the maintained continuation of httpx, with the same API.
  ...[...HTTP_VERBS, 'stream'].map((verb) => `httpx2.${verb}`),
  'urllib.request.urlopen',
  'urllib.request.urlretrieve',
  'urllib3.request',
]);
const HTTP_CLIENTS = new Set(['requests.Session', 'requests.session', 'requests.sessions.Session', 'httpx.Client', 'httpx2.Client']);
const HTTP_CLIENT_METHODS = new Set([...HTTP_VERBS, 'send', 'stream', 'urlopen', 'close']);
/** urllib3 pools: every method talks to the network or its connections. */
const URLLIB3_POOLS = new Set(
  [
    'PoolManager',
    'ProxyManager',
    'HTTPConnectionPool',
    'HTTPSConnectionPool',
    'connectionpool.ConnectionPool',
    'connectionpool.HTTPConnectionPool',
    'connectionpool.HTTPSConnectionPool',
    'poolmanager.PoolManager',
    'poolmanager.ProxyManager',
    'request.RequestMethods',
  ].map((name) => `urllib3.${name}`),
);
const HTTP_CONNECTIONS = new Set(['http.client.HTTPConnection', 'http.client.HTTPSConnection']);
const HTTP_CONNECTION_METHODS = new Set(['request', 'getresponse', 'connect', 'endheaders', 'send']);

const SUBPROCESS_FUNCTIONS = new Set([
  'subprocess.run',
  'subprocess.call',
  'subprocess.check_call',
  'subprocess.check_output',
  'subprocess.getoutput',
  'subprocess.getstatusoutput',
  'os.system',
  'os.popen',
  'os.posix_spawn',
  'os.posix_spawnp',
  ...['spawnl', 'spawnle', 'spawnlp', 'spawnlpe', 'spawnv', 'spawnve', 'spawnvp', 'spawnvpe'].map((name) => `os.${name}`),
  'os.wait',
  'os.wait3',
  'os.wait4',
  'os.waitid',
  'os.waitpid',
]);
const PROCESS_WAITS = new Set(['wait', 'communicate']);

const FILE_FUNCTIONS = new Set(['open', 'io.open', 'io.open_code', 'shutil.copy', 'shutil.copy2', 'shutil.copyfile', 'shutil.copytree', 'shutil.move', 'shutil.rmtree']);
const PATH_CLASSES = new Set(['pathlib.Path', 'pathlib.PosixPath', 'pathlib.WindowsPath']);
/** Path methods and attributes that give another path. */
const PATH_DERIVED = new Set(['parent', 'with_name', 'with_suffix', 'with_stem', 'joinpath', 'resolve', 'absolute', 'expanduser', 'home', 'cwd']);
const PATH_IO_METHODS = new Set(['open', 'read_text', 'read_bytes', 'write_text', 'write_bytes']);

const THREAD_PRIMITIVES = new Set(['threading.Lock', 'threading.RLock', 'threading.Event', 'threading.Semaphore', 'threading.BoundedSemaphore', 'threading.Condition', 'threading.Barrier']);
const THREAD_LOCKS = new Set(['threading.Lock', 'threading.RLock', 'threading.Semaphore', 'threading.BoundedSemaphore', 'threading.Condition']);
const THREAD_QUEUES = new Set(['queue.Queue', 'queue.LifoQueue', 'queue.PriorityQueue', 'queue.SimpleQueue']);
/** Functions that wait for `concurrent.futures` futures on the calling thread. */
const FUTURE_WAITS = new Set(['concurrent.futures.wait', 'concurrent.futures.as_completed', 'concurrent.futures._base.wait', 'concurrent.futures._base.as_completed']);
const EXECUTORS = new Set([
  'concurrent.futures.ThreadPoolExecutor',
  'concurrent.futures.ProcessPoolExecutor',
  'concurrent.futures.thread.ThreadPoolExecutor',
  'concurrent.futures.process.ProcessPoolExecutor',
]);

/** The origin is a `pathlib.Path` (constructed, derived with `/`, `.parent`, `.with_suffix()`...). */
export function isPathOrigin(origin: string | undefined): boolean {
  if (!origin) return false;
  for (const cls of PATH_CLASSES) {
    if (origin === cls) return true;
    if (origin.startsWith(`${cls}.`)) return origin.slice(cls.length + 1).split('.').every((part) => PATH_DERIVED.has(part));
  }
  return false;
}

/** `False` passed positionally at `index` or as `keyword=False`: the non-blocking form. */
function nonBlocking(call: Node, keyword: string, index: number): boolean {
  const args = call.childForFieldName('arguments');
  if (!args) return false;
  let position = 0;
  for (const arg of args.namedChildren) {
    if (!arg || arg.type === 'comment') continue;
    if (arg.type === 'keyword_argument') {
      if (arg.childForFieldName('name')?.text === keyword && arg.childForFieldName('value')?.text === 'False') return true;
      continue;
    }
    if (position === index && arg.text === 'False') return true;
    position++;
  }
  return false;
}

function argumentMentions(call: Node, pattern: RegExp): boolean {
  return pattern.test(call.childForFieldName('arguments')?.text ?? '');
}

/** What blocking call `call` is, wherever it is (callers check the async context). */
export function classifyBlockingCall(file: PythonFile, call: Node): BlockingCall | undefined {
  // Several rules classify every call: the answer is computed once per analysis.
  return file.memo('blockingCall', call.id, () => classify(file, call));
}

const FILE_WRAPPERS = new Set(['trio.wrap_file', 'anyio.wrap_file']);

/** `await f(...)`: f returns an awaitable, so it is not the synchronous function of that name; `trio.wrap_file(open(...))` hands the file to an async wrapper. */
function awaitedOrWrapped(file: PythonFile, call: Node): boolean {
  const parent = call.parent;
  if (parent?.type === 'await') return true;
  const outer = parent?.type === 'argument_list' ? parent.parent : null;
  const wrapper = outer?.type === 'call' ? file.calleeName(outer) : undefined;
  return wrapper !== undefined && FILE_WRAPPERS.has(wrapper);
}

function classify(file: PythonFile, call: Node): BlockingCall | undefined {
  if (awaitedOrWrapped(file, call)) return undefined;
  const name = file.calleeName(call);
  if (name !== undefined) {
    if (name === 'time.sleep') return { category: 'sleep', display: 'time.sleep()' };
    if (HTTP_FUNCTIONS.has(name)) return { category: 'http', display: `${name}()` };
    if (SUBPROCESS_FUNCTIONS.has(name)) {
      if (name.startsWith('os.wait') && argumentMentions(call, /\bWNOHANG\b/)) return undefined;
      if (name.startsWith('os.spawn') && argumentMentions(call, /\bP_NOWAIT(O)?\b/)) return undefined;
      return { category: 'subprocess', display: `${name}()` };
    }
    if (FILE_FUNCTIONS.has(name)) return { category: 'file-io', display: `${name}()` };
    if (name === 'input') return { category: 'input', display: 'input()' };
    if (FUTURE_WAITS.has(name)) {
      if (argumentMentions(call, /timeout\s*=\s*0\b/)) return undefined;
      return { category: 'sync-primitive', display: `${name}()` };
    }
    return undefined;
  }
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute') return undefined;
  const object = callee.childForFieldName('object');
  const method = callee.childForFieldName('attribute')?.text;
  if (!object || !method) return undefined;
  const origin = file.valueOrigin(object);
  if (!origin) return undefined;
  if (HTTP_CLIENTS.has(origin) && HTTP_CLIENT_METHODS.has(method)) return { category: 'http', display: `${origin}.${method}()` };
  if (URLLIB3_POOLS.has(origin)) return { category: 'http', display: `${origin}.${method}()` };
  if (HTTP_CONNECTIONS.has(origin) && HTTP_CONNECTION_METHODS.has(method)) return { category: 'http', display: `${origin}.${method}()` };
  if (origin === 'subprocess.Popen' && PROCESS_WAITS.has(method)) return { category: 'subprocess', display: `Popen.${method}()` };
  if (isPathOrigin(origin) && PATH_IO_METHODS.has(method)) return { category: 'file-io', display: `Path.${method}()` };
  if (THREAD_PRIMITIVES.has(origin) && (method === 'acquire' || method === 'wait' || method === 'wait_for')) {
    if (method === 'acquire' && (nonBlocking(call, 'blocking', 0) || argumentMentions(call, /timeout\s*=\s*0\b/))) return undefined;
    return { category: 'sync-primitive', display: `${origin}.${method}()` };
  }
  if (THREAD_QUEUES.has(origin) && (method === 'get' || method === 'put' || method === 'join')) {
    if (nonBlocking(call, 'block', method === 'get' ? 0 : 1)) return undefined;
    return { category: 'sync-primitive', display: `${origin}.${method}()` };
  }
  if (method === 'result' && isConcurrentFuture(origin)) return { category: 'sync-primitive', display: 'concurrent.futures.Future.result()' };
  if (method === 'shutdown' && EXECUTORS.has(origin) && !nonBlocking(call, 'wait', 0)) return { category: 'sync-primitive', display: `${origin}.shutdown()` };
  return undefined;
}

function isConcurrentFuture(origin: string): boolean {
  if (origin === 'asyncio.run_coroutine_threadsafe' || origin === 'concurrent.futures.Future') return true;
  return origin.startsWith('concurrent.futures.') && origin.endsWith('.submit');
}

/** `with <threading lock>:` — the item's value when it is a thread lock (not `async with`). */
export function threadLockOfWithItem(file: PythonFile, item: Node): string | undefined {
  const value = item.childForFieldName('value');
  if (!value) return undefined;
  const target = value.type === 'as_pattern' ? value.firstNamedChild : value;
  if (!target) return undefined;
  const origin = file.valueOrigin(unwrapParentheses(target));
  return origin && THREAD_LOCKS.has(origin) ? origin : undefined;
}

/**
 * `with ThreadPoolExecutor() as pool:` whose block submits work (`pool.submit`/`pool.map`):
 * leaving the block calls `pool.shutdown(wait=True)`, which waits on the loop's thread for that work.
 */
export function executorOfWithItem(file: PythonFile, item: Node, block: Node | null): string | undefined {
  const value = item.childForFieldName('value');
  if (!value) return undefined;
  const target = value.type === 'as_pattern' ? value.firstNamedChild : value;
  const alias = value.type === 'as_pattern' ? value.childForFieldName('alias')?.firstNamedChild : undefined;
  if (!target || !block) return undefined;
  const origin = file.valueOrigin(unwrapParentheses(target));
  if (!origin || !EXECUTORS.has(origin)) return undefined;
  const name = alias?.type === 'identifier' ? alias.text : unwrapParentheses(target).text;
  const submits = new RegExp(`(^|[^\\w.])${name.replace(/[.[\]()]/g, '\\$&')}\\.(submit|map)\\(`);
  return submits.test(block.text) ? origin : undefined;
}
