/** Decides whether a text is worth parsing at all: size cap and binary detection. */
export interface InputLimits {
  /** Files larger than this are skipped (from `looplens.maxFileSizeKb`). */
  readonly maxFileSizeKb: number;
}

export const DEFAULT_MAX_FILE_SIZE_KB = 1024;
/** Wall-clock budget for one parse; past it the parse is cancelled and the file skipped. */
export const DEFAULT_PARSE_BUDGET_MS = 2000;

/** Returns a human-readable reason when the text must not be analysed, else undefined. */
export function skipReason(text: string, limits: InputLimits): string | undefined {
  const maxChars = limits.maxFileSizeKb * 1024;
  if (text.length > maxChars) {
    return `file is ${Math.round(text.length / 1024)} KB, over the ${limits.maxFileSizeKb} KB limit (setting looplens.maxFileSizeKb)`;
  }
  if (looksBinary(text)) return 'file looks binary (contains NUL bytes)';
  return undefined;
}

export function looksBinary(text: string): boolean {
  const head = text.length > 8192 ? text.slice(0, 8192) : text;
  return head.includes('\u0000');
}
