const { execSync } = require('child_process');
setTimeout(() => console.log('timer 20 fires late'), 20);
console.log('before execSync');
execSync('sleep 0.1');
console.log('after execSync');
