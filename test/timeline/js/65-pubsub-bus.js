class Bus {
  constructor() { this.topics = new Map(); }
  subscribe(topic, handler) {
    if (!this.topics.has(topic)) this.topics.set(topic, new Set());
    this.topics.get(topic).add(handler);
    return () => this.topics.get(topic).delete(handler);
  }
  publish(topic, payload) {
    const handlers = this.topics.get(topic);
    if (!handlers) return 0;
    for (const h of handlers) queueMicrotask(() => h(payload));
    return handlers.size;
  }
}

const bus = new Bus();
const unsubscribe = bus.subscribe('order.created', (o) => console.log('mailer: confirm order', o.id));
bus.subscribe('order.created', async (o) => {
  await new Promise((r) => setTimeout(r, 15));
  console.log('inventory: reserved', o.items.length, 'items for', o.id);
});
bus.subscribe('order.shipped', (o) => console.log('mailer: shipped', o.id));

console.log('delivered to', bus.publish('order.created', { id: 'A1', items: ['x', 'y'] }), 'handlers');
unsubscribe();
setTimeout(() => {
  console.log('delivered to', bus.publish('order.created', { id: 'A2', items: ['z'] }), 'handlers');
  bus.publish('order.shipped', { id: 'A1' });
}, 30);
console.log('sync code done');
