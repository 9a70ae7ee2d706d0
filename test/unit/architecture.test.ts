/** Meta-tests: layering, the manifest agrees with the code, docs agree with the registry. */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { ALL_RULES } from '../../src/analysis';
import { Commands } from '../../src/constants';
import { REPO_ROOT } from './helpers';

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));

test('the engine (parsing, analysis, timeline) never imports vscode', () => {
  const offenders: string[] = [];
  for (const layer of ['parsing', 'analysis', 'timeline', 'service']) {
    for (const file of sourceFiles(join(REPO_ROOT, 'src', layer))) {
      const text = readFileSync(file, 'utf8');
      if (/from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)/.test(text)) offenders.push(relative(REPO_ROOT, file));
    }
  }
  assert.deepEqual(offenders, []);
});

test('lower layers never import higher ones', () => {
  const order = ['parsing', 'analysis', 'timeline', 'service', 'features'];
  const offenders: string[] = [];
  order.forEach((layer, index) => {
    for (const file of sourceFiles(join(REPO_ROOT, 'src', layer))) {
      const text = readFileSync(file, 'utf8');
      for (const higher of order.slice(index + 1)) {
        if (new RegExp(`from\\s+['"](\\.\\./)+${higher}[/'"]`).test(text)) offenders.push(`${relative(REPO_ROOT, file)} → ${higher}`);
      }
      if (/from\s+['"](\.\.\/)+(extension|cli)['"]/.test(text)) offenders.push(`${relative(REPO_ROOT, file)} → composition root`);
    }
  });
  assert.deepEqual(offenders, []);
});

test('the extension host never parses, analyses or predicts itself: that work is only reachable through the engine worker and the prediction process', () => {
  // Each of these runs tree-sitter or the rules on the calling thread.
  const engineWork = ['analyze', 'IncrementalAnalyzer', 'DocumentTrees', 'GrammarLoader', 'SourceParser', 'predictTimeline', 'explainConstruct', 'fixAll', 'EngineSession', 'Parser', 'Language'];
  const hostFiles = [join(REPO_ROOT, 'src', 'extension.ts'), join(REPO_ROOT, 'src', 'config.ts'), ...sourceFiles(join(REPO_ROOT, 'src', 'features'))];
  const offenders: string[] = [];
  for (const file of hostFiles) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^import\s+(?!type\b)(?:\*\s+as\s+\w+|\{([^}]*)\})\s+from\s+['"]([^'"]+)['"]/gm)) {
      const names = (match[1] ?? '').split(',').map((name) => name.trim()).filter((name) => name && !name.startsWith('type '));
      for (const name of names) if (engineWork.includes(name.split(/\s+as\s+/)[0]!)) offenders.push(`${relative(REPO_ROOT, file)} imports ${name} from ${match[2]}`);
      if (/web-tree-sitter|\/timeline$|\/service\/(session|worker)$/.test(match[2]!)) offenders.push(`${relative(REPO_ROOT, file)} imports ${match[2]}`);
    }
  }
  assert.deepEqual(offenders, []);
  // The worker bundle that does the work is built and shipped.
  const build = readFileSync(join(REPO_ROOT, 'esbuild.mjs'), 'utf8');
  assert.match(build, /'engine-worker': 'src\/service\/worker\.ts'/);
  assert.match(build, /'timeline-sandbox': 'src\/timeline\/sandbox\/child\.ts'/);
  assert.match(readFileSync(join(REPO_ROOT, '.vscodeignore'), 'utf8'), /^!dist\/engine-worker\.js$/m);
  assert.match(readFileSync(join(REPO_ROOT, '.vscodeignore'), 'utf8'), /^!dist\/timeline-sandbox\.js$/m);
  // The panel predicts through the runner (one process per prediction), not through a worker thread.
  const prediction = readFileSync(join(REPO_ROOT, 'src', 'features', 'timelinePrediction.ts'), 'utf8');
  assert.match(prediction, /new PredictionRunner\(/);
  assert.doesNotMatch(prediction, /EngineClient|worker_threads/);
});

test('capabilities are declared truthfully: nothing the extension loads can run workspace code', () => {
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
  assert.equal(manifest.capabilities.virtualWorkspaces.supported, 'limited', 'the type-aware pass needs files on disk');
  // Everything but the CLI is reachable from the extension: no process spawning, no vm, no eval —
  // except the two files that start and watch the prediction process (src/timeline/sandbox), which only
  // fork our own bundle, hardened, with no environment.
  const offenders: string[] = [];
  const sandboxSpawners = [join('src', 'timeline', 'sandbox', 'process.ts'), join('src', 'timeline', 'sandbox', 'memory.ts')];
  for (const file of sourceFiles(join(REPO_ROOT, 'src'))) {
    const path = relative(REPO_ROOT, file);
    if (path.startsWith(join('src', 'cli'))) continue;
    if (sandboxSpawners.includes(path)) continue;
    const text = readFileSync(file, 'utf8');
    if (/from\s+['"](node:)?(child_process|vm)['"]|require\(\s*['"](node:)?(child_process|vm)['"]|\beval\(|new Function\(/.test(text)) offenders.push(path);
  }
  assert.deepEqual(offenders, []);
  const spawner = readFileSync(join(REPO_ROOT, sandboxSpawners[0]!), 'utf8');
  assert.match(spawner, /fork\(entry, /);
  assert.match(spawner, /env: sandboxEnv\(\)/);
  assert.match(spawner, /'--disallow-code-generation-from-strings'/);
  assert.match(readFileSync(join(REPO_ROOT, sandboxSpawners[1]!), 'utf8'), /execFile\('ps', \['-o', 'rss=', '-p', String\(pid\)\]/, 'memory.ts only runs ps');
  const typeAware = readFileSync(join(REPO_ROOT, 'src', 'features', 'typeAware.ts'), 'utf8');
  assert.match(typeAware, /document\.uri\.scheme === 'file'/, 'the type-aware pass only reads local files');
});

test('looplens.rules schema lists exactly the registry rules with their default severity', () => {
  const properties = manifest.contributes.configuration.properties['looplens.rules'].properties as Record<string, { markdownDescription: string }>;
  assert.deepEqual(Object.keys(properties).sort(), ALL_RULES.map((r) => r.id).sort());
  for (const rule of ALL_RULES) assert.match(properties[rule.id]!.markdownDescription, new RegExp(`default \`${rule.defaultSeverity}\``));
});

test('every contributed command is registered in the code and every command id is contributed', () => {
  const contributed = (manifest.contributes.commands as { command: string }[]).map((c) => c.command).sort();
  assert.deepEqual(contributed, Object.values(Commands).sort());
  const code = sourceFiles(join(REPO_ROOT, 'src')).map((f) => readFileSync(f, 'utf8')).join('\n');
  for (const key of Object.keys(Commands)) assert.match(code, new RegExp(`registerCommand\\(\\s*Commands\\.${key}\\b`), `Commands.${key} is never registered`);
});

test('settings read by the code are declared in package.json with defaults', () => {
  const properties = manifest.contributes.configuration.properties as Record<string, { default?: unknown }>;
  const config = readFileSync(join(REPO_ROOT, 'src', 'config.ts'), 'utf8');
  const read = [...config.matchAll(/config\.get<[^>]+>\('([^']+)'\)|readNumber\(config, '([^']+)'/g)].map((m) => `looplens.${m[1] ?? m[2]}`);
  for (const key of ['timeLimitSeconds', 'memoryLimitMb', 'ioLatencyMs']) assert.ok(read.includes(`looplens.timeline.${key}`), `looplens.timeline.${key} is not read`);
  assert.ok(read.length >= 4);
  for (const key of read) {
    assert.ok(properties[key], `${key} is read but not declared`);
    assert.ok('default' in properties[key]!, `${key} has no default`);
  }
});

test('the packaged file list is an allow-list that includes the runtime files', () => {
  const ignore = readFileSync(join(REPO_ROOT, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
  assert.equal(ignore.find((l) => l && !l.startsWith('#')), '**', 'first pattern must exclude everything');
  for (const needed of ['!dist/extension.js', '!dist/*.wasm', '!package.json', '!README.md', '!syntaxes/**']) assert.ok(ignore.includes(needed), `${needed} missing`);
  assert.equal(manifest.main, './dist/extension.js');
  assert.equal(manifest.bin.looplens, 'dist/cli.js');
});

test('README rules table has one row per registry rule and no other rule rows', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const anchors = [...readme.matchAll(/<a id="rule-((?:py|ts)-[a-z-]+)"><\/a>/g)].map((m) => m[1]);
  assert.deepEqual(anchors.sort(), ALL_RULES.map((r) => r.id.replace('/', '-')).sort());
  const lines = readme.split('\n');
  assert.match(lines[3] ?? '', /^npm ci && /, 'README starts with the set-up command');
  assert.equal(lines[4], 'npm test');
});

test('dependencies that ship grammars and the runtime are pinned exactly', () => {
  for (const name of ['web-tree-sitter', 'tree-sitter-python', 'tree-sitter-typescript']) {
    assert.match(manifest.dependencies[name], /^\d+\.\d+\.\d+$/, `${name} must be pinned`);
  }
});

test('the injection grammar highlights ignore comments in Python, TS and JS', () => {
  const grammar = manifest.contributes.grammars[0];
  for (const scope of ['source.python', 'source.ts', 'source.tsx', 'source.js']) assert.ok(grammar.injectTo.includes(scope));
  const tm = JSON.parse(readFileSync(join(REPO_ROOT, grammar.path), 'utf8'));
  const pattern = new RegExp(tm.repository['looplens-ignore'].match);
  assert.ok(pattern.test('looplens: ignore[py/blocking-sleep]'));
  assert.ok(pattern.test('looplens: ignore'));
});
