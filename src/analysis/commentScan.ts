/**
 * Hand-written scanners for suppression comments (`looplens: ignore[…]`,
 * `noqa: …`, `pyright: ignore[…]`, `type: ignore[…]`,
 * `eslint-disable-line …`/`eslint-disable-next-line …`). Each one reads the
 * text left to right with `indexOf` and single-character checks and never goes
 * back, so a 1 MB comment costs one pass; the regular expressions they replace
 * backtracked (the ESLint one was cubic: a 9 KB comment took minutes). They
 * return what the old expressions captured, so behaviour is unchanged.
 */

/** A directive found in a comment. `list` is the bracketed or trailing code list; undefined: no list (suppress all). */
export interface Directive {
  readonly list: string | undefined;
}

export interface EslintDirective extends Directive {
  /** `eslint-disable-next-line` (applies to the line after the comment). */
  readonly nextLine: boolean;
}

/** JavaScript's `\s`: WhiteSpace and LineTerminator. */
export function isSpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x20 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function skipSpaces(text: string, index: number): number {
  while (index < text.length && isSpace(text.charCodeAt(index))) index++;
  return index;
}

/** ASCII letters lowered: what a non-unicode `/i` regex compares (no other character folds to ASCII). */
function lowerAscii(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
}

/**
 * First index ≥ `from` where `keyword` (lower-case ASCII) starts, ASCII case
 * ignored when `ignoreCase`. Naive search: at most `keyword.length` compares
 * per position, and every keyword here is short.
 */
export function findKeyword(text: string, keyword: string, from: number, ignoreCase: boolean): number {
  if (!ignoreCase) return text.indexOf(keyword, from);
  const first = keyword.charCodeAt(0);
  const last = text.length - keyword.length;
  for (let i = from; i <= last; i++) {
    if (lowerAscii(text.charCodeAt(i)) !== first) continue;
    let k = 1;
    while (k < keyword.length && lowerAscii(text.charCodeAt(i + k)) === keyword.charCodeAt(k)) k++;
    if (k === keyword.length) return i;
  }
  return -1;
}

function startsWithKeyword(text: string, keyword: string, at: number, ignoreCase: boolean): boolean {
  return findKeyword(text.slice(at, at + keyword.length), keyword, 0, ignoreCase) === 0;
}

/**
 * `<keyword>\s*ignore` optionally followed by `[list]`, first occurrence.
 * With `requireList` only the bracketed form counts.
 */
function scanIgnore(text: string, keyword: string, ignoreCase: boolean, requireList: boolean): (Directive & { start: number; end: number }) | undefined {
  for (let from = 0; ; ) {
    const start = findKeyword(text, keyword, from, ignoreCase);
    if (start < 0) return undefined;
    const word = skipSpaces(text, start + keyword.length);
    from = start + 1;
    if (!startsWithKeyword(text, 'ignore', word, ignoreCase)) continue;
    const open = word + 'ignore'.length;
    // One search for ']' decides for every later occurrence too: none after this one means none after a later one.
    const close = text.charCodeAt(open) === 0x5b ? text.indexOf(']', open + 1) : -1;
    if (close >= 0) return { list: text.slice(open + 1, close), start, end: close + 1 };
    if (requireList) {
      if (text.charCodeAt(open) === 0x5b) return undefined;
      continue;
    }
    return { list: undefined, start, end: open };
  }
}

/** `looplens: ignore` / `looplens: ignore[a, b]`, any case. */
export function scanLooplensIgnore(text: string): Directive | undefined {
  return directive(scanIgnore(text, 'looplens:', true, false));
}

function directive(found: Directive | undefined): Directive | undefined {
  return found && { list: found.list };
}

/** `pyright: ignore[…]` (case-sensitive, as pyright reads it). */
export function scanPyrightIgnore(text: string): Directive | undefined {
  return directive(scanIgnore(text, 'pyright:', false, false));
}

/** `type: ignore[…]` (case-sensitive). */
export function scanTypeIgnore(text: string): Directive | undefined {
  return directive(scanIgnore(text, 'type:', false, false));
}

/** The span of the first `looplens: ignore[list]` (case-sensitive, bracket required): what the quick fix extends. */
export function findLooplensIgnoreList(text: string): { readonly start: number; readonly end: number; readonly list: string } | undefined {
  const found = scanIgnore(text, 'looplens:', false, true);
  return found && found.list !== undefined ? { start: found.start, end: found.end, list: found.list } : undefined;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** End of a `[A-Za-z]+[0-9]+` code starting at `index`, or -1. */
function codeEnd(text: string, index: number): number {
  let i = index;
  while (i < text.length && isAsciiLetter(text.charCodeAt(i))) i++;
  if (i === index) return -1;
  const digits = i;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  return i === digits ? -1 : i;
}

/** `noqa` (after the start, a space or `#`, any case), optionally `: CODE1, CODE2` (flake8 codes: letters then digits). */
export function scanNoqa(text: string): Directive | undefined {
  for (let from = 0; ; ) {
    const start = findKeyword(text, 'noqa', from, true);
    if (start < 0) return undefined;
    from = start + 1;
    const before = start === 0 ? -1 : text.charCodeAt(start - 1);
    if (start > 0 && before !== 0x23 && !isSpace(before)) continue;
    const colon = start + 4;
    if (text.charCodeAt(colon) !== 0x3a) return { list: undefined };
    const first = skipSpaces(text, colon + 1);
    let end = codeEnd(text, first);
    if (end < 0) return { list: undefined };
    for (;;) {
      let next = end;
      while (next < text.length && (text.charCodeAt(next) === 0x2c || isSpace(text.charCodeAt(next)))) next++;
      if (next === end) break;
      const after = codeEnd(text, next);
      if (after < 0) break;
      end = after;
    }
    return { list: text.slice(first, end) };
  }
}

/**
 * `eslint-disable-line` / `eslint-disable-next-line`, optionally followed by
 * whitespace and a rule list, which ends at `*\/`, `--` (the reason) or the end
 * of the comment; a lone `*` before that makes the occurrence not count.
 */
export function scanEslintDisable(text: string): EslintDirective | undefined {
  const PREFIX = 'eslint-disable-';
  // Cached forward searches: occurrences are visited left to right, so each cache only moves forward.
  let star = -2;
  let dashes = -2;
  for (let from = 0; ; ) {
    const start = text.indexOf(PREFIX, from);
    if (start < 0) return undefined;
    from = start + 1;
    let index = start + PREFIX.length;
    const nextLine = text.startsWith('next-line', index);
    if (nextLine) index += 'next-line'.length;
    else if (text.startsWith('line', index)) index += 'line'.length;
    else continue;
    if (index < text.length && isSpace(text.charCodeAt(index))) {
      const listStart = skipSpaces(text, index);
      if (star !== -1 && star < listStart) star = text.indexOf('*', listStart);
      if (dashes !== -1 && dashes < listStart) dashes = text.indexOf('--', listStart);
      let end: number;
      if (dashes >= 0 && (star < 0 || dashes < star)) end = dashes;
      else if (star >= 0 && text.charCodeAt(star + 1) === 0x2f) end = star;
      else if (star < 0) end = text.length;
      else continue;
      return { nextLine, list: text.slice(listStart, end).trimEnd() };
    }
    if (index === text.length || text.startsWith('*/', index) || text.startsWith('--', index)) return { nextLine, list: undefined };
  }
}
