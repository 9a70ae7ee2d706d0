const connections = new Set();
let accepting = true;

function handleRequest(id, ms) {
  if (!accepting) {
    console.log(`request ${id} rejected: shutting down`);
    return;
  }
  const conn = { id };
  connections.add(conn);
  setTimeout(() => {
    connections.delete(conn);
    console.log(`request ${id} completed`);
  }, ms);
}

process.on('SIGTERM', () => {
  console.log(`SIGTERM received, ${connections.size} in flight`);
  accepting = false;
  const check = setInterval(() => {
    if (connections.size === 0) {
      clearInterval(check);
      console.log('all connections drained, exiting');
      process.exit(0);
    }
  }, 10);
});

handleRequest(1, 60);
handleRequest(2, 120);
setTimeout(() => process.kill(process.pid, 'SIGTERM'), 30);
setTimeout(() => handleRequest(3, 10), 50);
process.on('exit', (code) => console.log('exit code', code));
