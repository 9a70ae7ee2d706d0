// Tries: to write a marker file, through the modelled fs and through every way out of the interpreter
// that needs code generation from strings (Function constructor, eval), which the prediction process forbids.
// outcome: model
const fs = require('fs');
const marker = '__MARKER_DIR__/js-write';
try { fs.writeFileSync(marker + '-fs', 'x'); } catch (e) { console.log('fs', e && e.name); }
try { (function () {}).constructor('return process')().mainModule.require('fs').writeFileSync(marker + '-function', 'x'); } catch (e) { console.log('function', e && e.name); }
try { Object.getOwnPropertyDescriptor(Function.prototype, 'constructor').value('return require')()('fs').writeFileSync(marker + '-descriptor', 'x'); } catch (e) { console.log('descriptor', e && e.name); }
try { (0, eval)("require('fs').writeFileSync('" + marker + "-eval', 'x')"); } catch (e) { console.log('eval', e && e.name); }
console.log('done');
