// A tiny middleware chain the way Koa/Express apps compose handlers.
function compose(middleware) {
  return (ctx) => {
    const dispatch = (i) => {
      const fn = middleware[i];
      if (!fn) return Promise.resolve();
      return Promise.resolve(fn(ctx, () => dispatch(i + 1)));
    };
    return dispatch(0);
  };
}

const app = compose([
  async (ctx, next) => {
    const start = Date.now();
    await next();
    ctx.log.push(`${ctx.method} ${ctx.path} ${ctx.status} ${Date.now() - start >= 20 ? 'slow' : 'fast'}`);
  },
  async (ctx, next) => {
    if (!ctx.headers.authorization) {
      ctx.status = 401;
      return;
    }
    await next();
  },
  async (ctx) => {
    await new Promise((r) => setTimeout(r, 25));
    ctx.status = 200;
    ctx.body = { ok: true };
  },
]);

const requests = [
  { method: 'GET', path: '/me', headers: { authorization: 'Bearer x' }, log: [] },
  { method: 'GET', path: '/admin', headers: {}, log: [] },
];
for (const ctx of requests) app(ctx).then(() => console.log(ctx.log[0], ctx.body ?? '-'));
