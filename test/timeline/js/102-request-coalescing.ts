type Fetcher<T> = (key: string) => Promise<T>;

function coalesce<T>(fetcher: Fetcher<T>): Fetcher<T> {
  const pending = new Map<string, Promise<T>>();
  return (key) => {
    const existing = pending.get(key);
    if (existing) {
      console.log(`joined in-flight request for ${key}`);
      return existing;
    }
    const p = fetcher(key).finally(() => pending.delete(key));
    pending.set(key, p);
    return p;
  };
}

let networkCalls = 0;
const getProfile = coalesce(async (key: string) => {
  networkCalls++;
  await new Promise((r) => setTimeout(r, 25));
  return { key, name: key.toUpperCase() };
});

async function render(widget: string, user: string): Promise<void> {
  const profile = await getProfile(user);
  console.log(`${widget} rendered ${profile.name}`);
}

void Promise.all([render('header', 'ann'), render('sidebar', 'ann'), render('footer', 'bob')]).then(() => {
  console.log('network calls:', networkCalls);
  return render('header', 'ann');
}).then(() => console.log('network calls after refresh:', networkCalls));
