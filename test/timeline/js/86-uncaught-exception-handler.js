process.on('uncaughtException', (err, origin) => {
  console.log(`caught at top level: ${err.message} (${origin})`);
});

setTimeout(() => {
  console.log('timer 1');
  throw new Error('boom in timer');
}, 10);

setTimeout(() => console.log('timer 2 still runs'), 20);
console.log('scheduled');
