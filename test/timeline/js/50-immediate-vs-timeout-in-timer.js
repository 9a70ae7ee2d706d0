setTimeout(() => {
  setTimeout(() => console.log('timeout from timer'), 0);
  setImmediate(() => console.log('immediate from timer'));
}, 5);
