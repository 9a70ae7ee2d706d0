const heartbeat = setInterval(() => console.log('heartbeat'), 20);
heartbeat.unref();
console.log('hasRef after unref:', heartbeat.hasRef());

const watchdog = setTimeout(() => console.log('watchdog fired (should not)'), 500);
watchdog.unref();

setTimeout(() => console.log('work done'), 50);
process.on('beforeExit', () => console.log('beforeExit'));
process.on('exit', () => console.log('exit'));
