// Tries: 6 GiB held in ArrayBuffers, which live outside V8's heap and its --max-old-space-size cap.
// outcome: stopped-or-note
const kept = [];
for (let i = 0; i < 6; i++) {
  const buffer = new ArrayBuffer(2 ** 30);
  new Uint8Array(buffer).fill(1);
  kept.push(buffer);
}
console.log(kept.length);
