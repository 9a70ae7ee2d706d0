/** The built-in exception hierarchy (plus asyncio's) and helpers to raise them. */
import { PyClass, PyInstance, PyList, PyRaise, PyTuple, type Value } from './values';
import type { SyntaxNode } from './syntax';

const HIERARCHY: readonly [string, string | null][] = [
  ['BaseException', null],
  ['Exception', 'BaseException'],
  ['SystemExit', 'BaseException'],
  ['KeyboardInterrupt', 'BaseException'],
  ['GeneratorExit', 'BaseException'],
  ['CancelledError', 'BaseException'],
  ['BaseExceptionGroup', 'BaseException'],
  ['ExceptionGroup', 'BaseExceptionGroup'],
  ['ArithmeticError', 'Exception'],
  ['ZeroDivisionError', 'ArithmeticError'],
  ['OverflowError', 'ArithmeticError'],
  ['AssertionError', 'Exception'],
  ['AttributeError', 'Exception'],
  ['MemoryError', 'Exception'],
  ['LookupError', 'Exception'],
  ['IndexError', 'LookupError'],
  ['KeyError', 'LookupError'],
  ['NameError', 'Exception'],
  ['UnboundLocalError', 'NameError'],
  ['OSError', 'Exception'],
  ['TimeoutError', 'OSError'],
  ['ConnectionError', 'OSError'],
  ['ConnectionResetError', 'ConnectionError'],
  ['ConnectionRefusedError', 'ConnectionError'],
  ['ConnectionAbortedError', 'ConnectionError'],
  ['BrokenPipeError', 'ConnectionError'],
  ['FileNotFoundError', 'OSError'],
  ['FileExistsError', 'OSError'],
  ['PermissionError', 'OSError'],
  ['IsADirectoryError', 'OSError'],
  ['NotADirectoryError', 'OSError'],
  ['InterruptedError', 'OSError'],
  ['BlockingIOError', 'OSError'],
  ['ChildProcessError', 'OSError'],
  ['ProcessLookupError', 'OSError'],
  ['ImportError', 'Exception'],
  ['ModuleNotFoundError', 'ImportError'],
  ['EOFError', 'Exception'],
  ['BufferError', 'Exception'],
  ['ReferenceError', 'Exception'],
  ['SystemError', 'Exception'],
  ['SyntaxError', 'Exception'],
  ['IndentationError', 'SyntaxError'],
  ['TabError', 'IndentationError'],
  ['FloatingPointError', 'ArithmeticError'],
  ['RuntimeError', 'Exception'],
  ['NotImplementedError', 'RuntimeError'],
  ['RecursionError', 'RuntimeError'],
  ['StopIteration', 'Exception'],
  ['StopAsyncIteration', 'Exception'],
  ['TypeError', 'Exception'],
  ['ValueError', 'Exception'],
  ['UnicodeError', 'ValueError'],
  ['UnicodeDecodeError', 'UnicodeError'],
  ['UnicodeEncodeError', 'UnicodeError'],
  ['InvalidStateError', 'Exception'],
  ['QueueEmpty', 'Exception'],
  ['QueueFull', 'Exception'],
  ['Warning', 'Exception'],
  ['RuntimeWarning', 'Warning'],
  ['DeprecationWarning', 'Warning'],
  ['UserWarning', 'Warning'],
  ['FutureWarning', 'Warning'],
  ['PendingDeprecationWarning', 'Warning'],
  ['ResourceWarning', 'Warning'],
  ['SyntaxWarning', 'Warning'],
  ['ImportWarning', 'Warning'],
  ['BytesWarning', 'Warning'],
  ['UnicodeWarning', 'Warning'],
  ['EncodingWarning', 'Warning'],
];

/** Old names CPython keeps for the same classes. */
export const EXCEPTION_ALIASES: readonly [string, string][] = [['IOError', 'OSError'], ['EnvironmentError', 'OSError']];

export type ExceptionClasses = ReadonlyMap<string, PyClass>;

export function createExceptionClasses(): ExceptionClasses {
  const classes = new Map<string, PyClass>();
  for (const [name, base] of HIERARCHY) {
    const cls = new PyClass(name, base ? [classes.get(base)!] : []);
    cls.attrs.set('__module__', name === 'CancelledError' || name.startsWith('Queue') || name === 'InvalidStateError' ? 'asyncio' : 'builtins');
    classes.set(name, cls);
  }
  return classes;
}

export function isExceptionClass(v: Value, classes: ExceptionClasses): v is PyClass {
  return v instanceof PyClass && v.isSubclassOf(classes.get('BaseException')!);
}

export function newException(cls: PyClass, args: readonly Value[]): PyInstance {
  const exc = new PyInstance(cls);
  exc.attrs.set('args', new PyTuple(args));
  return exc;
}

export function groupException(cls: PyClass, message: string, errors: readonly PyInstance[]): PyInstance {
  const exc = newException(cls, [message, new PyList([...errors])]);
  exc.attrs.set('message', message);
  exc.attrs.set('exceptions', new PyTuple(errors));
  return exc;
}

export class Raiser {
  constructor(readonly classes: ExceptionClasses) {}
  cls(name: string): PyClass {
    return this.classes.get(name)!;
  }
  make(name: string, message?: string): PyInstance {
    return newException(this.cls(name), message === undefined ? [] : [message]);
  }
  raise(name: string, message?: string, node: SyntaxNode | null = null): PyRaise {
    return new PyRaise(this.make(name, message), node);
  }
  is(exc: PyInstance, name: string): boolean {
    return exc.cls.isSubclassOf(this.cls(name));
  }
}
