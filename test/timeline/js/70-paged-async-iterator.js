const DB = Array.from({ length: 23 }, (_, i) => ({ id: i + 1, name: `user${i + 1}` }));

async function fetchPage(cursor, size) {
  await new Promise((r) => setTimeout(r, 15));
  const page = DB.slice(cursor, cursor + size);
  return { items: page, next: cursor + size < DB.length ? cursor + size : null };
}

async function* paginate(size) {
  let cursor = 0;
  while (cursor !== null) {
    const { items, next } = await fetchPage(cursor, size);
    console.log(`fetched page at ${cursor} (${items.length} items)`);
    yield* items;
    cursor = next;
  }
}

(async () => {
  let count = 0;
  for await (const user of paginate(10)) {
    count++;
    if (user.id % 10 === 0) console.log('milestone', user.name);
  }
  console.log('total users', count);
})();
