#!/usr/bin/env node
// `npm run bench`: bundles bench/main.ts (with the same settings as esbuild.mjs) into dist/bench/ and runs it.
// Needs the regular build first (dist/cli.js and the grammars), which the npm script runs.
import * as esbuild from 'esbuild';
import { bundleAliases } from '../build-aliases.mjs';
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
  alias: bundleAliases,
  // Peers are loaded from node_modules as they are shipped, not re-bundled.
  external: ['eslint', 'typescript-eslint', '@astral-sh/ruff-wasm-nodejs'],
});
const result = spawnSync(process.execPath, ['--expose-gc', 'dist/bench/main.js', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 2);
