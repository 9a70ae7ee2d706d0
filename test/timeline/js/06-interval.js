const start = Date.now();
let count = 0;
const id = setInterval(() => {
  count++;
  console.log(`tick ${count}`);
  if (count === 4) {
    clearInterval(id);
    console.log('cleared');
  }
}, 20);
setTimeout(() => console.log('timeout 50'), 50);
console.log('scheduled');
