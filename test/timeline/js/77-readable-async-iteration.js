const { Readable } = require('stream');

async function* generateRecords() {
  for (let i = 1; i <= 3; i++) {
    await new Promise((r) => setTimeout(r, 10));
    yield { id: i, total: i * 100 };
  }
}

async function main() {
  const stream = Readable.from(generateRecords());
  let sum = 0;
  for await (const record of stream) {
    console.log('record', record.id, record.total);
    sum += record.total;
  }
  console.log('sum', sum);
}
main().then(() => console.log('finished'));
