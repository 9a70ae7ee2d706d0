const bus = require('./bus');
bus.on('user:created', async (u) => {
  await new Promise((r) => setTimeout(r, 15));
  console.log(`notified admins about ${u.name}`);
});
