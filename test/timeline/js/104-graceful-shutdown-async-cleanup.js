const resources = [];
function open(name, closeMs) {
  const r = { name, close: () => new Promise((res) => setTimeout(() => { console.log(`closed ${name}`); res(); }, closeMs)) };
  resources.push(r);
  console.log(`opened ${name}`);
  return r;
}

open('http-server', 10);
open('db-pool', 30);
open('cache', 5);

const keepAlive = setInterval(() => console.log('serving...'), 25);

let shuttingDown = false;
async function shutdown(signal) {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log(`${signal}: shutting down`);
  clearInterval(keepAlive);
  await Promise.all(resources.reverse().map((r) => r.close()));
  console.log('cleanup complete');
  process.exit(0);
}

process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
setTimeout(() => process.kill(process.pid, 'SIGTERM'), 60);
process.on('exit', (code) => console.log('exit', code));
