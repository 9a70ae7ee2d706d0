class Temperature {
  static #instances = 0;
  static {
    Temperature.unit = 'C';
  }
  #celsius = 0;
  constructor(c) {
    this.#celsius = c;
    Temperature.#instances++;
  }
  get fahrenheit() {
    return this.#celsius * 1.8 + 32;
  }
  set fahrenheit(f) {
    this.#celsius = (f - 32) / 1.8;
  }
  static get count() {
    return Temperature.#instances;
  }
}
const t = new Temperature(100);
console.log(t.fahrenheit, Temperature.unit);
t.fahrenheit = 32;
console.log(t.fahrenheit, Temperature.count, t);
const account = {
  _balance: 10,
  get balance() {
    return `$${this._balance}`;
  },
  deposit(n) {
    this._balance += n;
    return this;
  },
};
console.log(account.deposit(5).deposit(1).balance);
