async function migrate() {
  const migrations = ['001_users', '002_orders', '003_broken'];
  for (const m of migrations) {
    await new Promise((r) => setTimeout(r, 10));
    if (m.includes('broken')) throw new Error(`migration ${m} failed`);
    console.log('applied', m);
  }
}

migrate()
  .then(() => console.log('all migrations applied'))
  .catch((err) => {
    console.log('error:', err.message);
    process.exitCode = 1;
  })
  .finally(() => console.log('closing connection'));

process.on('exit', (code) => console.log('exiting with code', code));
