/**
 * Owns the web-tree-sitter runtime: initialises it once and loads each grammar
 * lazily, the first time a file of that language is seen.
 *
 * Cold start: a grammar's .wasm is read and compiled (`WebAssembly.compile`,
 * off the main thread) while the runtime starts, and only instantiated
 * (`Language.loadSync`) once the runtime is up; the compiled module is kept,
 * so a runtime restarted after a trap (reset()) does not compile it again.
 */
import { Language, Parser } from 'web-tree-sitter';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { GrammarId } from './languages';

const WASM_FILE: Record<GrammarId, string> = {
  python: 'tree-sitter-python.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
};

/**
 * web-tree-sitter starts one runtime per process: a later Parser.init() reuses
 * it and leaves the caller's module object bare. The module object that does
 * hold the memory views, whichever loader started the runtime.
 */
let processRuntime: { HEAP8?: Int8Array } | undefined;

export class GrammarLoader {
  private runtime: Promise<void> | undefined;
  private readonly pending = new Map<GrammarId, Promise<Language>>();
  private readonly loaded = new Map<GrammarId, Language>();
  /** Compiled grammar modules: stateless, so they outlive reset(). */
  private readonly compiled = new Map<GrammarId, Promise<WebAssembly.Module>>();
  /** The runtime's module object: Emscripten keeps its current memory views (HEAP8…) on it. */
  private readonly runtimeModule: { locateFile: (name: string) => string; HEAP8?: Int8Array };

  /** @param wasmDir folder holding web-tree-sitter.wasm and the grammar .wasm files */
  constructor(private readonly wasmDir: string) {
    this.runtimeModule = { locateFile: (name: string) => join(wasmDir, name) };
  }

  /** Bytes of WebAssembly memory the runtime holds (it grows and never shrinks); undefined before it starts. */
  wasmMemoryBytes(): number | undefined {
    return (this.runtimeModule.HEAP8 ?? (this.runtime ? processRuntime?.HEAP8 : undefined))?.buffer.byteLength;
  }

  /** The grammar if it has finished loading, for synchronous callers. */
  loadedGrammar(grammar: GrammarId): Language | undefined {
    return this.loaded.get(grammar);
  }

  load(grammar: GrammarId): Promise<Language> {
    let promise = this.pending.get(grammar);
    if (!promise) {
      // Started before the runtime is awaited: reading and compiling the grammar overlap the runtime's start-up.
      const compiled = this.compile(grammar);
      promise = Promise.all([this.initRuntime(), compiled]).then(([, module]) => {
        const language = Language.loadSync(module);
        this.loaded.set(grammar, language);
        return language;
      });
      // A failed load may be retried later (e.g. after a transient I/O error).
      promise.catch(() => this.pending.delete(grammar));
      this.pending.set(grammar, promise);
    }
    return promise;
  }

  /**
   * Forgets the runtime and every grammar after a trap (see crashGuard.ts):
   * the next load() starts a fresh runtime. Parsers, trees and queries of the
   * old runtime must be dropped without being deleted (DocumentTrees.abandon()).
   */
  reset(): void {
    this.runtime = undefined;
    this.pending.clear();
    this.loaded.clear();
  }

  private compile(grammar: GrammarId): Promise<WebAssembly.Module> {
    let module = this.compiled.get(grammar);
    if (!module) {
      module = readFile(join(this.wasmDir, WASM_FILE[grammar])).then((bytes) => WebAssembly.compile(bytes));
      module.catch(() => this.compiled.delete(grammar));
      this.compiled.set(grammar, module);
    }
    return module;
  }

  private initRuntime(): Promise<void> {
    if (!this.runtime) {
      this.runtime = Parser.init(this.runtimeModule).then(() => {
        if (this.runtimeModule.HEAP8) processRuntime = this.runtimeModule;
      });
      this.runtime.catch(() => (this.runtime = undefined));
    }
    return this.runtime;
  }
}
