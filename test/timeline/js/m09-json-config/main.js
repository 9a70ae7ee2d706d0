const { ping, settings } = require('./lib/health');
console.log('checking', settings.endpoints.join(' and '), 'with timeout', settings.timeoutMs);
Promise.allSettled(settings.endpoints.map(ping)).then((results) => {
  results.forEach((r) => console.log(r.status === 'fulfilled' ? r.value : r.reason.message));
});
