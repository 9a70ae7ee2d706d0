// Tries: to read the caller's environment and pid (process.env, process.pid, process.ppid), also through
// the real process object reached by code generation from strings.
// outcome: model
console.log('env', JSON.stringify(process.env));
console.log('pid', process.pid, 'ppid', process.ppid);
try {
  const real = (function () {}).constructor('return process')();
  console.log('real env', JSON.stringify(real.env), 'real pid', real.pid, 'real ppid', real.ppid);
} catch (e) { console.log('function', e && e.name); }
