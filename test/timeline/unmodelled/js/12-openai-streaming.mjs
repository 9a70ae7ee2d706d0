import OpenAI from 'openai';

const client = new OpenAI({ apiKey: 'sk-test' });
const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
let chunks = 0;
for await (const part of stream) {
  chunks++;
}
console.log('stream finished with', chunks, 'chunk(s)');
