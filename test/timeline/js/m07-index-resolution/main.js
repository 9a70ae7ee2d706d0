const TaskQueue = require('./lib/queue');
const { Priority } = TaskQueue;

const q = new TaskQueue();
q.add('send newsletter', Priority.LOW);
q.add('charge card', Priority.HIGH);
q.add('update search index');
q.drain(async (t) => {
  await new Promise((r) => setTimeout(r, 10));
  console.log(`ran ${t.name} (p${t.p})`);
}).then(() => console.log('queue empty'));
