const { EventEmitter } = require('events');
const bus = new EventEmitter();
bus.on('job', async (id) => {
  console.log('start job', id);
  await new Promise((r) => setTimeout(r, 10 * id));
  console.log('end job', id);
  bus.emit('done', id);
});
bus.on('done', (id) => console.log('done event', id));
bus.emit('job', 3);
bus.emit('job', 1);
console.log('emitted both');
