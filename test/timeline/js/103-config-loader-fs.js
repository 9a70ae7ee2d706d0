const fs = require('fs');
const path = require('path');

function loadConfig(file, defaults) {
  try {
    const raw = fs.readFileSync(file, 'utf8');
    return { ...defaults, ...JSON.parse(raw) };
  } catch (err) {
    if (err.code === 'ENOENT') {
      console.log(`no ${path.basename(file)}, using defaults`);
      return defaults;
    }
    throw err;
  }
}

const config = loadConfig(path.join(__dirname, 'does-not-exist.config.json'), { port: 3000, debug: false });
console.log('port', config.port, 'debug', config.debug);
fs.readFile(path.join(__dirname, 'also-missing.txt'), 'utf8', (err, data) => {
  console.log('async read:', err ? err.code : data);
});
fs.promises.access(path.join(__dirname, 'nope')).catch((e) => console.log('access:', e.code));
console.log('sync part done');
