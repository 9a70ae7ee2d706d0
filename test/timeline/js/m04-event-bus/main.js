const bus = require('./lib/bus');
const { entries } = require('./lib/audit');
require('./lib/notifications');

console.log('listeners for user:created =', bus.listenerCount('user:created'));
bus.emit('user:created', { name: 'ann' });
bus.emit('user:created', { name: 'ben' });
console.log('entries so far', entries);
setTimeout(() => bus.emit('user:deleted', { name: 'ben' }), 20);
