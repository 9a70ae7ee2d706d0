/**
 * Bundles of the benchmark that must be separate files: B3's cold-start
 * launcher and engine (dist/bench/cold-start.js, cold-engine.js). Built with
 * esbuild's API at run time (by `npm run bench` and by the unit test), with
 * the settings of esbuild.mjs.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from './corpus';

export function buildColdBundles(outdir: string): { launcher: string; engine: string } {
  const esbuild = createRequire(__filename)('esbuild') as { buildSync(options: object): unknown };
  esbuild.buildSync({
    absWorkingDir: REPO_ROOT,
    entryPoints: { 'cold-start': 'bench/coldStart.ts', 'cold-engine': 'bench/coldEngine.ts' },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    loader: { '.md': 'text' },
    alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' },
  });
  return { launcher: join(outdir, 'cold-start.js'), engine: join(outdir, 'cold-engine.js') };
}
