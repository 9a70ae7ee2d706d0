import { createLimiter } from './limiter.mjs';
const acquire = createLimiter({ perWindow: 2, windowMs: 30 });
export async function call(endpoint) {
  await acquire();
  console.log('calling', endpoint);
  await new Promise((r) => setTimeout(r, 5));
  return endpoint.length;
}
