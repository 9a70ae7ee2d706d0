import { Kafka } from 'kafkajs';

const kafka = new Kafka({ clientId: 'billing', brokers: ['localhost:9092'] });
const consumer = kafka.consumer({ groupId: 'billing-group' });
let processed = 0;

await consumer.connect();
console.log('consumer connected');
await consumer.subscribe({ topic: 'invoices', fromBeginning: true });
console.log('subscribed');
await consumer.run({
  eachMessage: async () => {
    processed++;
  },
});
console.log('running, processed so far:', processed);
setTimeout(async () => {
  await consumer.disconnect();
  console.log('disconnected');
}, 200);
