const nodemailer = require('nodemailer');
const { Queue } = require('bullmq');

const transport = nodemailer.createTransport({ host: 'smtp.example.com', port: 587 });
const queue = new Queue('emails');

async function sendDigest(users) {
  const results = await Promise.allSettled(users.map((u) => transport.sendMail({ to: u, subject: 'digest' })));
  console.log('sent', results.filter((r) => r.status === 'fulfilled').length, 'mails');
  await queue.add('digest-sent', { count: users.length });
  console.log('job recorded');
}

sendDigest(['a@x.io', 'b@x.io', 'c@x.io']).then(() => queue.close()).then(() => console.log('queue closed'));
