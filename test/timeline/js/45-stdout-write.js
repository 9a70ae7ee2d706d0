process.stdout.write('partial ');
process.stdout.write('line\n');
setTimeout(() => {
  process.stdout.write('tick ');
  process.stdout.write('tock\nnext line\n');
}, 10);
console.log('logged');
