const { WorkerPool } = require('./lib/pool');
const { resize } = require('./lib/tasks');

const pool = new WorkerPool(2, resize);
const images = [
  { name: 'cat.png', size: 30 },
  { name: 'dog.png', size: 10 },
  { name: 'huge.tif', size: 50 },
  { name: 'bird.png', size: 15 },
];

Promise.allSettled(images.map((img) => pool.run(img))).then((results) => {
  for (const r of results) console.log(r.status, r.value ?? r.reason.message);
});
