const { read, parse, enrich } = require('./lib/stages');

(async () => {
  const input = ['ann,72', 'bad-line', 'ben,41', 'cid,50'];
  const summary = { pass: 0, fail: 0 };
  for await (const rec of enrich(parse(read(input)))) {
    console.log(rec.name, rec.grade);
    summary[rec.grade]++;
  }
  console.log(summary);
})();
