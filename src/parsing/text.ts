/** Offset ↔ line/column conversion in UTF-16 code units (VS Code's and tree-sitter's unit). */
export interface Point {
  /** 0-based line. */
  readonly row: number;
  /** 0-based UTF-16 column. */
  readonly column: number;
}

export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Point {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { row: low, column: clamped - this.starts[low]! };
  }

  offsetAt(point: Point): number {
    const start = this.starts[Math.min(point.row, this.starts.length - 1)] ?? 0;
    return Math.min(start + point.column, this.text.length);
  }

  lineStart(row: number): number {
    return this.starts[row] ?? this.text.length;
  }

  lineText(row: number): string {
    const start = this.lineStart(row);
    const next = this.starts[row + 1];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, '');
  }
}

/** The point just after `text` when it is inserted at `start`. */
export function pointAfter(start: Point, text: string): Point {
  const lastNewline = text.lastIndexOf('\n');
  if (lastNewline === -1) return { row: start.row, column: start.column + text.length };
  let rows = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: text.length - lastNewline - 1 };
}

/** Counts the rows before `offset` without building a full index (used once per edit). */
export function pointAtOffset(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
