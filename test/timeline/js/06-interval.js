const start = Date.now();
let count = 0;
const id = setInterval(() => {
  count++;
  console.log(`tick ${count}`);
  if (count === 4) {
    clearInterval(id);
    console.log('cleared');
  }
}, 30);
setTimeout(() => console.log('timeout 75'), 75);
console.log('scheduled');
