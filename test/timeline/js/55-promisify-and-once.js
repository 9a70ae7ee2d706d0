const { promisify } = require('util');
const { EventEmitter, once } = require('events');
const wait = promisify(setTimeout);
const emitter = new EventEmitter();
(async () => {
  console.log('waiting for ready');
  const [value] = await once(emitter, 'ready');
  console.log('ready with', value);
  await wait(20);
  console.log('waited 20 more');
})();
setTimeout(() => emitter.emit('ready', 42), 30);
