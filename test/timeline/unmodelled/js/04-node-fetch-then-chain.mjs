import fetch from 'node-fetch';

console.log('requesting');
fetch('https://example.com/api/status')
  .then((res) => {
    console.log('got response');
    return res.json();
  })
  .then(() => console.log('parsed body'))
  .catch((e) => console.log('failed', e.message));
setTimeout(() => console.log('timer at 50ms'), 50);
