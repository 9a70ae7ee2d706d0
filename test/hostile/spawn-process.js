// Tries: to run a command that leaves a marker file, through the modelled child_process and through
// the real one reached by code generation from strings.
// outcome: model
const { execSync, spawnSync } = require('child_process');
const marker = '__MARKER_DIR__/js-spawn';
try { execSync('touch ' + marker + '-exec'); } catch (e) { console.log('exec', e && e.name); }
try { spawnSync('touch', [marker + '-spawn']); } catch (e) { console.log('spawn', e && e.name); }
try { (function () {}).constructor("return process.mainModule.require('child_process')")().execSync('touch ' + marker + '-function'); } catch (e) { console.log('function', e && e.name); }
console.log('done');
