import { call } from './lib/api.mjs';

const endpoints = ['/a', '/bb', '/ccc', '/dddd', '/eeeee'];
const sizes = await Promise.all(endpoints.map(call));
console.log('sizes', sizes);
