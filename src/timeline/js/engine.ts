/**
 * Loads the JavaScript engine of the sandbox — QuickJS (the quickjs-ng
 * release build) compiled to WebAssembly — once per process, and the sandbox's
 * own JavaScript (console, timers, process, modules) that runs inside it.
 * Both are files of the build (`dist/quickjs.wasm`, `dist/sandbox/*.js`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import variant from '@jitl/quickjs-ng-wasmfile-release-sync';
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import { findWasmDir } from '../../parsing';

let loading: Promise<QuickJSWASMModule> | undefined;

export function loadQuickJS(): Promise<QuickJSWASMModule> {
  loading ??= (async () => {
    const bytes = readFileSync(join(findWasmDir(), 'quickjs.wasm'));
    const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    return newQuickJSWASMModuleFromVariant(newVariant(variant, { wasmBinary }));
  })();
  return loading;
}

/** The sandbox scripts, in the order they must run. */
export const SANDBOX_FILES = ['core.js', 'process.js', 'stream.js', 'modules.js'] as const;

let sources: { name: string; text: string }[] | undefined;

export function sandboxSources(): readonly { name: string; text: string }[] {
  sources ??= SANDBOX_FILES.map((name) => ({ name, text: readFileSync(join(findWasmDir(), 'sandbox', name), 'utf8') }));
  return sources;
}
