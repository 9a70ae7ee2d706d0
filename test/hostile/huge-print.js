// Tries: to break the answer of the prediction process with one enormous printed line (50 million characters,
// far past what the panel's protocol accepts), then prints a normal line after it.
const big = 'x'.repeat(50_000_000);
console.log(big);
process.stdout.write(`${'y'.repeat(300_000)}\n`);
console.log('after');
