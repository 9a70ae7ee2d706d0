const events = [];
const projections = new Map();

function append(stream, type, data) {
  const event = { seq: events.length + 1, stream, type, data };
  events.push(event);
  setImmediate(() => project(event));
  return event.seq;
}

function project(event) {
  const state = projections.get(event.stream) ?? { balance: 0, version: 0 };
  switch (event.type) {
    case 'Deposited': state.balance += event.data.amount; break;
    case 'Withdrawn': state.balance -= event.data.amount; break;
    default: console.log('unknown event', event.type);
  }
  state.version = event.seq;
  projections.set(event.stream, state);
  console.log(`projected #${event.seq} ${event.type} -> ${state.balance}`);
}

append('acct-1', 'Deposited', { amount: 100 });
append('acct-1', 'Withdrawn', { amount: 30 });
append('acct-2', 'Deposited', { amount: 5 });
console.log('read model before projection:', projections.size);
setTimeout(() => {
  append('acct-1', 'Frozen', {});
  setImmediate(() => console.log(Object.fromEntries(projections)));
}, 5);
