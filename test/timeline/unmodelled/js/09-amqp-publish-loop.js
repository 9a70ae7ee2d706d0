const amqp = require('amqplib');

async function publishAll(messages) {
  const conn = await amqp.connect('amqp://localhost');
  const channel = await conn.createChannel();
  await channel.assertQueue('jobs', { durable: true });
  for (const m of messages) {
    channel.sendToQueue('jobs', Buffer.from(JSON.stringify(m)), { persistent: true });
    console.log('queued', m.id);
  }
  await channel.close();
  await conn.close();
  console.log('connection closed');
}

const ticker = setInterval(() => console.log('tick'), 120);
publishAll([{ id: 'a' }, { id: 'b' }]).finally(() => clearInterval(ticker));
