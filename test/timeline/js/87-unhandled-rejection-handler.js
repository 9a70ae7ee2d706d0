process.on('unhandledRejection', (reason, promise) => {
  console.log('unhandled rejection:', reason.message, promise instanceof Promise);
});

async function saveUser() {
  await new Promise((r) => setTimeout(r, 10));
  throw new Error('duplicate key');
}

saveUser();
setTimeout(() => console.log('process keeps running'), 30);
