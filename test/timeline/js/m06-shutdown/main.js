const { createServer } = require('./lib/server');
const installShutdown = require('./lib/lifecycle');

let handled = 0;
const server = createServer().listen(8080);
server.on('listening', (port) => console.log('listening on', port));
server.on('request', () => { handled++; });
server.on('close', () => console.log('server closed after', handled, 'requests'));
installShutdown(server, [
  async () => { await new Promise((r) => setTimeout(r, 10)); console.log('db closed'); },
  () => console.log('metrics flushed'),
]);
setTimeout(() => process.kill(process.pid, 'SIGTERM'), 50);
