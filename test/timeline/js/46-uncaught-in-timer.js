setTimeout(() => {
  console.log('timer 1 throws');
  throw new Error('crash');
}, 10);
setTimeout(() => console.log('timer 2 never runs'), 20);
Promise.resolve().then(() => console.log('microtask before crash'));
