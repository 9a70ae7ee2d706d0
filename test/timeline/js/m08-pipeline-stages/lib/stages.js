const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function* read(lines) {
  for (const line of lines) {
    await sleep(5);
    yield line;
  }
}
async function* parse(source) {
  for await (const line of source) {
    const [name, score] = line.split(',');
    if (!score) { console.log('skipping bad line:', JSON.stringify(line)); continue; }
    yield { name, score: Number(score) };
  }
}
async function* enrich(source) {
  for await (const rec of source) {
    await sleep(10);
    yield { ...rec, grade: rec.score >= 50 ? 'pass' : 'fail' };
  }
}
module.exports = { read, parse, enrich };
