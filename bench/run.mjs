#!/usr/bin/env node
// `npm run bench`: bundles bench/main.ts (with the same settings as esbuild.mjs) into dist/bench/ and runs it.
// Needs the regular build first (dist/cli.js and the grammars), which the npm script runs.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
await esbuild.build({
  entryPoints: { main: 'bench/main.ts' },
  outdir: 'dist/bench',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  loader: { '.md': 'text' },
  define: { LOOPLENS_VERSION: JSON.stringify(version) },
  alias: {
    'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs',
    'quickjs-emscripten-core': './node_modules/quickjs-emscripten-core/dist/index.js',
    '@jitl/quickjs-ng-wasmfile-release-sync/emscripten-module': './node_modules/@jitl/quickjs-ng-wasmfile-release-sync/dist/emscripten-module.cjs',
    '@jitl/quickjs-ng-wasmfile-release-sync/ffi': './node_modules/@jitl/quickjs-ng-wasmfile-release-sync/dist/ffi.js',
    '@jitl/quickjs-ng-wasmfile-release-sync': './node_modules/@jitl/quickjs-ng-wasmfile-release-sync/dist/index.js',
  },
  // Peers are loaded from node_modules as they are shipped, not re-bundled.
  external: ['eslint', 'typescript-eslint', '@astral-sh/ruff-wasm-nodejs'],
});
const result = spawnSync(process.execPath, ['--expose-gc', 'dist/bench/main.js', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 2);
