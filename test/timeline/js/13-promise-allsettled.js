const sleep = (ms, v) => new Promise((r) => setTimeout(() => r(v), ms));
Promise.allSettled([sleep(20, 1), Promise.reject('no'), 3]).then((results) => {
  for (const r of results) console.log(r.status, r.value ?? r.reason);
  console.log(results);
});
console.log('waiting');
