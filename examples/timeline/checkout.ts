// A small checkout service: the shape of code people really have open.
// `looplens timeline examples/timeline/checkout.ts` predicts how it runs.
import axios from 'axios';
import { RateLimiter } from './lib/rate-limiter';

const limiter = new RateLimiter(2, 50);

async function fetchPrice(sku: string): Promise<number> {
  await limiter.acquire();
  try {
    await axios.get(`https://prices.example.com/${sku}`);
    return sku.length * 10;
  } finally {
    limiter.release();
  }
}

async function checkout(cart: string[]): Promise<void> {
  console.log(`checkout of ${cart.length} items`);
  const started = Date.now();
  const prices = await Promise.all(cart.map((sku) => fetchPrice(sku)));
  console.log(`priced in ${Date.now() - started} ms:`, prices);
  for (const sku of cart) {
    await axios.post('https://stock.example.com/reserve', { sku });
  }
  console.log(`reserved one by one, ${Date.now() - started} ms in`);
}

setTimeout(() => console.log('a 120 ms timer fires between the awaits'), 120);
checkout(['apple', 'pear', 'fig', 'kiwi']).catch((error) => console.error('checkout failed', error));
