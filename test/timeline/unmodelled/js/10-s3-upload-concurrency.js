const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');

const s3 = new S3Client({ region: 'eu-west-1' });
const files = ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg'];

async function uploadAll(limit) {
  const queue = [...files];
  const workers = Array.from({ length: limit }, async (_, w) => {
    while (queue.length) {
      const key = queue.shift();
      await s3.send(new PutObjectCommand({ Bucket: 'photos', Key: key, Body: 'x' }));
      console.log(`worker ${w} uploaded ${key}`);
    }
  });
  await Promise.all(workers);
}

uploadAll(2).then(() => console.log('upload done'));
