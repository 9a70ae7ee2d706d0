class Animal {
  static count = 0;
  #secret = 'hidden';
  constructor(name) {
    this.name = name;
    Animal.count++;
  }
  get description() {
    return `${this.name} the ${this.kind()}`;
  }
  kind() {
    return 'animal';
  }
  toString() {
    return `Animal(${this.name})`;
  }
  reveal() {
    return this.#secret;
  }
}
class Dog extends Animal {
  constructor(name, tricks) {
    super(name);
    this.tricks = tricks;
  }
  kind() {
    return 'dog';
  }
  describe() {
    return `${super.kind()} / ${this.description}`;
  }
}
const d = new Dog('Rex', ['sit']);
console.log(d.description);
console.log(d.describe());
console.log(`${d}`, String(new Animal('Tom')));
console.log(d);
console.log(Animal.count, d instanceof Animal, d.reveal());
console.log(Object.keys(d));
