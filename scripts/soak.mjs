// `npm run soak [-- DOCUMENTS [TIMELINE_RUNS]]`: bundles the soak run (test/fuzz/soak-main.ts)
// and runs it with --expose-gc. See test/fuzz/soak.ts.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('dist/tree-sitter-python.wasm')) {
  console.error('looplens soak: dist/ has no grammars; run `npm run build` first');
  process.exit(2);
}
const outfile = 'test-results/soak-build/soak.js';
await esbuild.build({
  entryPoints: ['test/fuzz/soak-main.ts'], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'linked', logLevel: 'warning',
  loader: { '.md': 'text' }, define: { LOOPLENS_VERSION: '"soak"' },
  alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' },
});
const result = spawnSync(process.execPath, ['--expose-gc', '--enable-source-maps', outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
