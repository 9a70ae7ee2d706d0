/**
 * Reads the `mappings` of a source map (v3, one source) produced by the
 * TypeScript compiler, to map positions in the transpiled JavaScript back to
 * the TypeScript the user wrote. Linear in the size of the map.
 */
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** Per generated line: [generated column, source line, source column], sorted by column. */
export type LineMappings = readonly (readonly [number, number, number])[];

export function decodeMappings(mappings: string): LineMappings[] {
  const lines: [number, number, number][][] = [[]];
  let generatedColumn = 0;
  let sourceLine = 0;
  let sourceColumn = 0;
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  const flushSegment = (): void => {
    if (values.length >= 4) {
      generatedColumn += values[0]!;
      sourceLine += values[2]!;
      sourceColumn += values[3]!;
      lines[lines.length - 1]!.push([generatedColumn, sourceLine, sourceColumn]);
    } else if (values.length >= 1) generatedColumn += values[0]!;
    values.length = 0;
  };
  for (const c of mappings) {
    if (c === ';') {
      flushSegment();
      lines.push([]);
      generatedColumn = 0;
      continue;
    }
    if (c === ',') {
      flushSegment();
      continue;
    }
    const digit = DIGIT.get(c);
    if (digit === undefined) continue;
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  flushSegment();
  return lines;
}

/** The source position of a generated position (0-based), from the closest mapping at or before it. */
export function originalPosition(lines: readonly LineMappings[], line: number, column: number): { line: number; column: number } | undefined {
  for (let l = Math.min(line, lines.length - 1); l >= 0; l--) {
    const segments = lines[l]!;
    let best: readonly [number, number, number] | undefined;
    for (const segment of segments) {
      if (l === line && segment[0] > column) break;
      best = segment;
    }
    if (best) return { line: best[1], column: best[2] + (l === line ? Math.max(0, column - best[0]) : 0) };
  }
  return undefined;
}
