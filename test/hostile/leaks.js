// Tries: to learn about the host through stack traces (install path), uninitialised memory
// (Buffer.allocUnsafeSlow), host promises handed out by modelled modules (events.once), and globals that
// exist only in the host (require.main, module.constructor, process.binding, globalThis.WebAssembly).
// outcome: model
const events = require('events');
const emitter = new events.EventEmitter();
const p = events.once(emitter, 'go');
console.log('once gives a sandbox promise', p instanceof Promise, typeof p.then);
emitter.emit('go', 1);
const b = Buffer.allocUnsafeSlow(4096);
console.log('uninitialised bytes', b.some((x) => x !== 0));
try { null.x; } catch (e) { console.log('stack mentions node_modules', /node_modules|dist\/|internal\//.test(e.stack)); }
console.log('process.binding', typeof process.binding, 'require.main', typeof require.main, 'WebAssembly', typeof WebAssembly);
try { module.constructor._load('child_process').execSync('touch __MARKER_DIR__/leak'); console.log('ESCAPED'); } catch (e) { console.log('module.constructor contained'); }
