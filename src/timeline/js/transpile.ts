/**
 * TypeScript → JavaScript for the sandbox, with the TypeScript compiler the
 * extension already ships (types erased, enums and parameter properties
 * compiled), keeping a source map so every step points at the TypeScript line.
 */
import type * as TypeScript from 'typescript';
import { decodeMappings, type LineMappings } from './sourcemap';

let compiler: typeof TypeScript | undefined;

/** Loaded on first use only: most predictions (and every `looplens check`) never need the compiler. */
function typescript(): typeof TypeScript {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  compiler ??= require('typescript') as typeof TypeScript;
  return compiler;
}

export function transpileTypeScript(code: string, fileName: string, esm: boolean): { code: string; map: LineMappings[] } {
  const ts = typescript();
  const output = ts.transpileModule(code, {
    fileName,
    reportDiagnostics: false,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: esm ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      sourceMap: true,
      inlineSources: false,
      esModuleInterop: true,
      experimentalDecorators: true,
      jsx: ts.JsxEmit.React,
      removeComments: false,
      useDefineForClassFields: true,
    },
  });
  const text = output.outputText.replace(/\n\/\/# sourceMappingURL=[^\n]*\s*$/, '\n');
  let map: LineMappings[] = [];
  try {
    map = decodeMappings(String((JSON.parse(output.sourceMapText ?? '{}') as { mappings?: unknown }).mappings ?? ''));
  } catch {
    map = [];
  }
  return { code: text, map };
}
