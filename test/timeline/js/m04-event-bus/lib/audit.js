const bus = require('./bus');
const entries = [];
bus.on('user:created', (u) => entries.push(`created ${u.name}`));
bus.on('user:deleted', (u) => {
  setImmediate(() => {
    entries.push(`deleted ${u.name}`);
    console.log('audit flushed', entries.length, 'entries');
  });
});
module.exports = { entries };
