const EventEmitter = require('events');
class Door extends EventEmitter {
  open(who) {
    console.log(`${who} opens the door`);
    this.emit('open', who);
    console.log('after emit');
  }
}
const door = new Door();
door.on('open', (who) => console.log(`listener 1 sees ${who}`));
door.once('open', (who) => {
  console.log(`listener 2 (once) sees ${who}`);
  Promise.resolve().then(() => console.log('microtask from listener'));
});
door.open('Ann');
door.open('Bob');
console.log('count', door.listenerCount('open'));
