setTimeout(() => {
  console.log('outer 10');
  setTimeout(() => console.log('inner +0 (at 11)'), 0);
  setTimeout(() => console.log('inner +20 (at 30)'), 20);
}, 10);
setTimeout(() => console.log('sibling 25'), 25);
setTimeout(() => console.log('sibling 10 (same delay, later)'), 10);
