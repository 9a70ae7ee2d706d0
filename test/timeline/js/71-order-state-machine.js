const transitions = {
  pending: { pay: 'paid', cancel: 'cancelled' },
  paid: { ship: 'shipped', refund: 'refunded' },
  shipped: { deliver: 'delivered' },
};

class Order {
  constructor(id) {
    this.id = id;
    this.state = 'pending';
    this.history = [];
  }
  send(event) {
    const next = transitions[this.state]?.[event];
    if (!next) throw new Error(`invalid transition ${this.state} --${event}-->`);
    this.history.push(`${this.state}->${next}`);
    this.state = next;
    return this;
  }
}

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

async function lifecycle(order, events) {
  for (const e of events) {
    await wait(10);
    try {
      order.send(e);
      console.log(`${order.id}: ${e} => ${order.state}`);
    } catch (err) {
      console.log(`${order.id}: ${err.message}`);
    }
  }
  return order;
}

Promise.all([
  lifecycle(new Order('o1'), ['pay', 'ship', 'deliver']),
  lifecycle(new Order('o2'), ['pay', 'deliver', 'refund']),
]).then((orders) => {
  for (const o of orders) console.log(o.id, o.history);
});
