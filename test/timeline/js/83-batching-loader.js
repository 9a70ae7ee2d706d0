// DataLoader-style batching: all loads in one tick become one query.
class BatchLoader {
  constructor(batchFn) {
    this.batchFn = batchFn;
    this.queue = [];
  }
  load(key) {
    return new Promise((resolve, reject) => {
      this.queue.push({ key, resolve, reject });
      if (this.queue.length === 1) process.nextTick(() => this.dispatch());
    });
  }
  async dispatch() {
    const batch = this.queue;
    this.queue = [];
    try {
      const values = await this.batchFn(batch.map((b) => b.key));
      batch.forEach((b, i) => b.resolve(values[i]));
    } catch (e) {
      batch.forEach((b) => b.reject(e));
    }
  }
}

const loader = new BatchLoader(async (ids) => {
  console.log('SELECT * FROM users WHERE id IN', ids);
  await new Promise((r) => setTimeout(r, 20));
  return ids.map((id) => ({ id, name: `user-${id}` }));
});

async function resolvePost(post) {
  const author = await loader.load(post.authorId);
  return `${post.title} by ${author.name}`;
}

(async () => {
  const posts = [{ title: 'A', authorId: 1 }, { title: 'B', authorId: 2 }, { title: 'C', authorId: 1 }];
  const rendered = await Promise.all(posts.map(resolvePost));
  rendered.forEach((r) => console.log(r));
  const again = await loader.load(3);
  console.log('second batch', again.name);
})();
