const steps = [
  async (ctx) => { await sleep(10); return { ...ctx, user: { id: ctx.userId, plan: 'pro' } }; },
  async (ctx) => { await sleep(5); return { ...ctx, quota: ctx.user.plan === 'pro' ? 1000 : 10 }; },
  (ctx) => ({ ...ctx, checkedAt: 'now' }),
  async (ctx) => { await sleep(15); return { ...ctx, usage: 120 }; },
];

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

async function run(ctx) {
  return steps.reduce(async (acc, step, i) => {
    const value = await acc;
    const out = await step(value);
    console.log(`step ${i + 1}:`, Object.keys(out).join(','));
    return out;
  }, Promise.resolve(ctx));
}

run({ userId: 42 }).then((ctx) => console.log('remaining quota', ctx.quota - ctx.usage));
