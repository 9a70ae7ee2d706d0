const log = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const steps = [
  { name: 'reserve-stock', run: async () => { await sleep(10); log.push('stock reserved'); }, undo: async () => { await sleep(5); log.push('stock released'); } },
  { name: 'charge-card', run: async () => { await sleep(10); log.push('card charged'); }, undo: async () => { await sleep(5); log.push('card refunded'); } },
  { name: 'book-courier', run: async () => { await sleep(10); throw new Error('no courier available'); }, undo: async () => {} },
];

async function saga() {
  const done = [];
  for (const step of steps) {
    try {
      await step.run();
      done.push(step);
      console.log('ok', step.name);
    } catch (e) {
      console.log('failed', step.name, '-', e.message);
      for (const s of done.reverse()) {
        await s.undo();
        console.log('compensated', s.name);
      }
      return false;
    }
  }
  return true;
}

saga().then((ok) => {
  console.log('saga result:', ok);
  console.log(log);
});
