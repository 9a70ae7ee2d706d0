// `npm run fuzz [-- SECONDS] [--seed N] [--replay FILE...]`: bundles the fuzzer
// (test/fuzz/main.ts) next to the grammars' dist/ and runs it. See test/fuzz/harness.ts.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('dist/tree-sitter-python.wasm')) {
  console.error('looplens fuzz: dist/ has no grammars; run `npm run build` first');
  process.exit(2);
}
const outfile = 'test-results/fuzz-build/fuzz.js';
await esbuild.build({
  entryPoints: ['test/fuzz/main.ts'], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'linked', logLevel: 'warning',
  loader: { '.md': 'text' }, define: { LOOPLENS_VERSION: '"fuzz"' },
  alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' },
});
const result = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
