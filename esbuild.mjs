// Builds every bundle of Loop Lens: the extension host entry, the CLI, the
// webview script, and the unit/integration test bundles. Grammars (.wasm) are
// copied next to the bundles so `dist/` is self-contained.
import * as esbuild from 'esbuild';
import { bundleAliases } from './build-aliases.mjs';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const outdir = 'dist';

function copyAssets() {
  mkdirSync(outdir, { recursive: true });
  const wasm = [
    'node_modules/web-tree-sitter/web-tree-sitter.wasm',
    'node_modules/tree-sitter-python/tree-sitter-python.wasm',
    'node_modules/tree-sitter-typescript/tree-sitter-typescript.wasm',
    'node_modules/tree-sitter-typescript/tree-sitter-tsx.wasm',
  ];
  for (const file of wasm) cpSync(file, join(outdir, file.split('/').pop()));
  // The timeline's JavaScript sandbox: QuickJS (WebAssembly) and the sandbox's own scripts that run inside it.
  cpSync('node_modules/@jitl/quickjs-ng-wasmfile-release-sync/dist/emscripten-module.wasm', join(outdir, 'quickjs.wasm'));
  mkdirSync(join(outdir, 'sandbox'), { recursive: true });
  for (const name of readdirSync('src/timeline/js/sandbox')) if (name.endsWith('.js')) cpSync(join('src/timeline/js/sandbox', name), join(outdir, 'sandbox', name));
  // The type-aware worker bundles TypeScript, which looks for its lib.*.d.ts next to itself.
  mkdirSync(join(outdir, 'typescript-lib'), { recursive: true });
  for (const name of readdirSync('node_modules/typescript/lib')) if (/^lib\..*\.d\.ts$/.test(name)) cpSync(join('node_modules/typescript/lib', name), join(outdir, 'typescript-lib', name));
  // Rule docs are the hover text and the CLI's --explain; ship them as files.
  for (const language of ['python', 'typescript']) {
    const from = join('src/analysis/rules', language);
    const to = join(outdir, 'docs', language);
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from)) if (name.endsWith('.md')) cpSync(join(from, name), join(to, name));
  }
}

function listTests(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listTests(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const common = {
  bundle: true,
  define: { LOOPLENS_VERSION: JSON.stringify(version) },
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  loader: { '.md': 'text' },
  alias: bundleAliases,
};

/**
 * TypeScript is one bundle of its own (`dist/typescript.js`) shared by the type-aware worker and the
 * timeline sandbox (which transpiles .ts programs), loaded only when one of them needs it.
 */
function sharedTypeScript(relative) {
  return {
    name: 'shared-typescript',
    setup(build) {
      build.onResolve({ filter: /^typescript(\/lib\/(typescript|tsserverlibrary)(\.js)?)?$/ }, () => ({ path: `${relative}typescript.js`, external: true }));
    },
  };
}
common.plugins = [sharedTypeScript('./')];

const builds = [
  { ...common, plugins: [], entryPoints: { typescript: 'node_modules/typescript/lib/typescript.js' }, outdir },
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir, external: ['vscode'] },
  { ...common, entryPoints: { cli: 'src/cli.ts' }, outdir, banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: { 'typed-worker': 'src/analysis/typed/worker.ts' }, outdir },
  { ...common, entryPoints: { 'check-worker': 'src/cli/worker.ts' }, outdir },
  { ...common, entryPoints: { 'engine-worker': 'src/service/worker.ts' }, outdir },
  // One prediction per process (src/timeline/sandbox): spawned by the editor and the CLI.
  { ...common, entryPoints: { 'timeline-sandbox': 'src/timeline/sandbox/child.ts' }, outdir },
  {
    ...common, platform: 'browser', format: 'iife', target: 'es2022',
    entryPoints: { 'webview/timeline': 'media/timeline/main.ts' }, outdir,
  },
];
if (!production) {
  const unit = listTests('test/unit');
  if (unit.length) builds.push({ ...common, plugins: [sharedTypeScript('../../')], entryPoints: unit, outdir: join(outdir, 'test/unit'), outbase: 'test/unit', external: ['vscode'] });
  const integration = listTests('test/integration');
  if (integration.length) builds.push({ ...common, plugins: [sharedTypeScript('../../')], entryPoints: integration, outdir: join(outdir, 'test/integration'), outbase: 'test/integration', external: ['vscode', 'mocha'] });
}

const existing = builds.filter((b) => Object.values(b.entryPoints).every((p) => existsSync(p)));
if (!watch) rmSync(join(outdir, 'test'), { recursive: true, force: true });
copyAssets();
if (watch) {
  for (const options of existing) {
    const context = await esbuild.context(options);
    await context.watch();
  }
  console.log('[looplens] watching for changes…');
} else {
  await Promise.all(existing.map((options) => esbuild.build(options)));
  if (existsSync(join(outdir, 'cli.js'))) chmodSync(join(outdir, 'cli.js'), 0o755);
}
