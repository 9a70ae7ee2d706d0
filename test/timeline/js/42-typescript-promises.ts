type Result<T> = { ok: true; value: T } | { ok: false; error: string };
async function fetchUser(id: number): Promise<Result<{ id: number; name: string }>> {
  await new Promise((r) => setTimeout(r, 10 * id));
  if (id === 2) return { ok: false, error: `user ${id} missing` };
  return { ok: true, value: { id, name: `user${id}` } };
}
async function main(): Promise<void> {
  const results = await Promise.all([1, 2, 3].map((id) => fetchUser(id)));
  for (const r of results) {
    if (r.ok) console.log('ok', r.value.name);
    else console.log('error', r.error);
  }
  const settled = await Promise.allSettled([fetchUser(1), Promise.reject(new Error('x'))]);
  console.log(settled.map((s) => s.status));
}
main();
