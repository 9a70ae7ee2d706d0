function debounce(fn, wait) {
  let timer;
  return function (...args) {
    clearTimeout(timer);
    timer = setTimeout(() => fn.apply(this, args), wait);
  };
}

const search = {
  queries: 0,
  run(q) {
    this.queries++;
    console.log(`searching for "${q}" (query #${this.queries})`);
  },
};

const onInput = debounce(function (q) { search.run(q); }, 30);
const typed = ['r', 're', 'rea', 'reac', 'react'];
typed.forEach((text, i) => setTimeout(() => onInput(text), i * 10));
setTimeout(() => onInput('react hooks'), 120);
setTimeout(() => console.log('total queries:', search.queries), 200);
