const settings = require('./settings.json');
const latency = { primary: 50, replica: 10 };
function ping(endpoint) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${endpoint} timeout`)), settings.timeoutMs);
    setTimeout(() => { clearTimeout(t); resolve(`${endpoint} ok`); }, latency[endpoint]);
  });
}
module.exports = { ping, settings };
