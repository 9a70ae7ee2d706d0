/**
 * TypeScript → JavaScript for the sandbox, with the TypeScript compiler the
 * extension already ships (types erased, enums and parameter properties
 * compiled), keeping a source map so every step points at the TypeScript line.
 */
import ts from 'typescript';
import { decodeMappings, type LineMappings } from './sourcemap';

export function transpileTypeScript(code: string, fileName: string, esm: boolean): { code: string; map: LineMappings[] } {
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
