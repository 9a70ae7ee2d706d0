import fetchInvoice, { stats } from './lib/client.mjs';
import { retry } from './lib/retry.mjs';

const invoice = await retry(() => fetchInvoice('inv-7'), { attempts: 4, delay: 10 });
console.log('invoice', invoice, 'after', stats.calls, 'calls');
try {
  await retry(async () => { throw new Error('403 Forbidden'); }, { attempts: 2 });
} catch (e) {
  console.log('gave up:', e.message);
}
