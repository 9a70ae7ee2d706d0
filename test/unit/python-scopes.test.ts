/**
 * PythonFile finds scopes and bindings with queries (its scope index) over
 * the whole file, or over the ranges an analysis is restricted to, and walks
 * the tree for what those do not cover (a range of nothing: all of it).
 * Incremental re-analysis mixes these, so they must agree exactly:
 * every name use resolves the same way, every scope has the same bindings,
 * and functions and classes around nodes are the same.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { PythonFile } from '../../src/analysis/python/semantics';
import { walkDescendants } from '../../src/analysis/syntax';
import type { LanguageInfo } from '../../src/parsing';
import { FIXTURES, sharedParser } from './helpers';

const PYTHON: LanguageInfo = { grammar: 'python', family: 'python', javascript: false };

const SNIPPETS = [
  'f = lambda: lambda: (x := 1)\ng = lambda a=(b := 2): (c := a)\n',
  'def f(a=(w := 1), *args, k: int = 2, **kw):\n    global g\n    g = 1\n    nonlocal_name = [y for y in range(3) if (z := y)]\n    return lambda: (q := w)\n',
  '@decorate(d := 1)\nclass C(Base, metaclass=(m := M)):\n    attr = 1\n    def method(self):\n        import os, sys as system\n        from pathlib import Path as P\n        try:\n            pass\n        except Exception as error:\n            pass\n        with open(x) as (handle):\n            pass\n        for i, (j, k) in items:\n            pass\n',
  'import asyncio\n\nasync def main(:\n    x = = 1\n    await asyncio.sleep(\n',
  ')))\nx = 1\ndef (:\n  y = 2\n',
  'class A:\n    class B:\n        def m(self):\n            def inner():\n                nonlocal self\n                self = 1\n            return inner\n',
];

function sources(): [string, string][] {
  const files = readdirSync(join(FIXTURES, 'python')).filter((name) => name.endsWith('.py')).map((name): [string, string] => [name, readFileSync(join(FIXTURES, 'python', name), 'utf8')]);
  return [...files, ...SNIPPETS.map((text, i): [string, string] => [`snippet ${i}`, text])];
}

function describe(file: PythonFile, identifiers: Node[], scopes: Node[]): unknown {
  const resolutions = identifiers.map((id) => {
    const resolution = file.resolveName(id);
    return [id.startIndex, file.scopeOf(id).id, resolution.kind, resolution.qualified, resolution.binding?.node.id, file.enclosingFunction(id)?.id, file.enclosingClass(id)?.id];
  });
  const enclosing = scopes.map((scope) => [scope.id, file.enclosingFunction(scope)?.id, file.enclosingClass(scope)?.id]);
  const bindings = scopes.map((scope) => [scope.id, [...file.bindingsOf(scope)].map(([name, list]) => [name, list.map((b) => [b.kind, b.offset, b.qualified, b.node.id])])]);
  return { resolutions, bindings, enclosing };
}

for (const [name, text] of sources()) {
  test(`scope index and tree walk agree (${name})`, async () => {
    const tree = await sharedParser().parse(text, PYTHON);
    try {
      const identifiers: Node[] = [];
      const scopes: Node[] = [tree.rootNode];
      walkDescendants(tree.rootNode, (node) => {
        if (node.type === 'identifier') identifiers.push(node);
        if (node.type === 'function_definition' || node.type === 'lambda' || node.type === 'class_definition') scopes.push(node);
      });
      const indexed = describe(new PythonFile(tree, text), identifiers, scopes);
      // Restricted to ranges, the index covers what is in them and the tree is walked for the rest.
      const ranged = describe(new PythonFile(tree, text, [{ start: 0, end: text.length }]), identifiers, scopes);
      const halves = describe(new PythonFile(tree, text, [{ start: Math.floor(text.length / 2), end: text.length }, { start: 0, end: Math.floor(text.length / 3) }]), identifiers, scopes);
      const walked = describe(new PythonFile(tree, text, [{ start: 0, end: 0 }]), identifiers, scopes);
      assert.deepEqual(indexed, walked);
      assert.deepEqual(ranged, walked);
      assert.deepEqual(halves, walked);
    } finally {
      tree.delete();
    }
  });
}
