import { readFile } from 'fs/promises';
console.log('reading');
setTimeout(() => console.log('timer 30'), 30);
const text = await readFile(process.argv[1], 'utf8');
console.log('read', typeof text);
