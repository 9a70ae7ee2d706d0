class Mutex {
  constructor() { this.last = Promise.resolve(); }
  lock() {
    let release;
    const next = new Promise((r) => (release = r));
    const prev = this.last;
    this.last = prev.then(() => next);
    return prev.then(() => release);
  }
}

const account = { balance: 100 };
const mutex = new Mutex();

async function withdraw(who, amount) {
  const unlock = await mutex.lock();
  try {
    const b = account.balance;
    await new Promise((r) => setTimeout(r, 10));
    if (b >= amount) {
      account.balance = b - amount;
      console.log(`${who} withdrew ${amount}, balance ${account.balance}`);
    } else {
      console.log(`${who} declined, balance ${b}`);
    }
  } finally {
    unlock();
  }
}

Promise.all([withdraw('alice', 60), withdraw('bob', 50), withdraw('carol', 30)]).then(() =>
  console.log('final balance', account.balance));
