interface Point {
  x: number;
  y: number;
}
type Shape = { kind: 'circle'; r: number } | { kind: 'square'; side: number };
enum Color {
  Red,
  Green = 5,
  Blue,
}
function area(shape: Shape): number {
  switch (shape.kind) {
    case 'circle':
      return Math.round(Math.PI * shape.r ** 2);
    case 'square':
      return shape.side * shape.side;
  }
}
const origin: Point = { x: 0, y: 0 };
const shapes: Shape[] = [{ kind: 'circle', r: 2 }, { kind: 'square', side: 3 }];
console.log(shapes.map((s) => area(s)));
console.log(origin, Color.Green, Color[6], Color.Red);
const label = <T,>(value: T): string => `value=${String(value)}`;
console.log(label<number>(42), (origin as Point).x, origin!.y);
