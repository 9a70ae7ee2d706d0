/**
 * A big file in the real extension host: Loop Lens analyses it (the findings
 * arrive) while the host's event loop stays free, because parsing and the
 * rules run in the engine worker. The same work done on this thread is
 * measured last, so the bound is relative to what blocking would cost.
 * The delays are reported with PASS or MISS, not asserted: on a loaded shared
 * machine the host's event loop is late for reasons of its own (a CI run saw
 * 629 ms with the analysis in the worker), and the project checks speed by
 * printed numbers. What is asserted is what cannot depend on load: the worker
 * found exactly what the engine finds, and an edit is re-analysed.
 */
import * as assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { analyze } from '../../../src/analysis/engine';
import { SourceParser, languageFromPath } from '../../../src/parsing';
import { hugePython } from '../../fuzz/hostile';
import { note, suite } from '../harness';
import { activateExtension, loopLensDiagnostics, waitForDiagnostics } from './util';

const SIZE = 400 * 1024;

suite('responsiveness: a 400 KB file', (test) => {
  test('is analysed in the worker with the findings of the engine, and re-analysed after an edit; the host\'s event-loop delay is reported', async () => {
    await activateExtension();
    const text = hugePython(SIZE);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    let started = performance.now();
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: text });
    await vscode.window.showTextDocument(document);
    const openingMs = delay.max / 1e6;
    delay.reset();
    const diagnostics = await waitForDiagnostics(document.uri, 'the findings', (d) => d.length > 1000, 120_000);
    const expected = diagnostics.length;
    const openMs = performance.now() - started;
    const analysingMs = delay.max / 1e6;
    delay.reset();
    // An edit at the top: re-analysed incrementally, the findings stay.
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# edited\n'));
    await waitForDiagnostics(document.uri, 'findings moved down one line', (d) => d.length === expected && d[0]!.range.start.line === diagnostics[0]!.range.start.line + 1, 60_000);
    delay.disable();
    const editingMs = delay.max / 1e6;
    // Last, so its garbage does not land in the measured phases: what the analysis costs on this thread (the extension never does this).
    const extension = vscode.extensions.getExtension('looplens.looplens')!;
    const parser = new SourceParser(vscode.Uri.joinPath(extension.extensionUri, 'dist').fsPath);
    const language = languageFromPath('big.py')!;
    started = performance.now();
    const tree = await parser.parse(text, language);
    const inProcess = analyze(tree, text, language).length;
    tree.delete();
    parser.dispose();
    const blockingMs = performance.now() - started;
    // Opening a 400 KB document is VS Code's own work (the model is sent to the host); Loop Lens' share is the rest.
    const worstMs = Math.max(analysingMs, editingMs);
    note(`responsiveness: ${SIZE / 1024} KB Python, ${expected} findings: on this thread ${Math.round(blockingMs)} ms; in the worker ${Math.round(openMs)} ms to diagnostics; worst host event-loop delay while VS Code opened the document ${Math.round(openingMs)} ms, while Loop Lens analysed it ${Math.round(analysingMs)} ms, after an edit ${Math.round(editingMs)} ms`);
    assert.equal(expected, inProcess, 'the worker found what the engine finds in-process');
    assert.equal(loopLensDiagnostics(document.uri).length, expected);
    const bound = Math.max(150, blockingMs / 3);
    note(`responsiveness bound: worst event-loop delay ${Math.round(worstMs)} ms against ${Math.round(bound)} ms (a third of blocking, at least 150 ms) — ${worstMs < bound ? 'PASS' : 'MISS'}`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }, 240_000);
});
