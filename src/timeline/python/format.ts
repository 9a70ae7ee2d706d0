/**
 * Python text formatting: float repr, `format()` mini-language (f-string specs
 * like `{x:.2f}`, `{n:>5}`, `{v:,}`), and `%`-formatting.
 */
import { chargeChars, chargeWork } from './limits';
import { PyFloat, PyTypeErrorSignal, isNumber, num, typeName, type Value } from './values';

/** `repr(float)`: shortest round-trip digits, Python's exponent thresholds. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let out: string;
  if (exp >= 16 || exp < -4) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  } else if (exp < 0) {
    out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  } else if (digits.length <= exp + 1) {
    out = `${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  } else {
    out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return negative ? `-${out}` : out;
}

/** `x` with `digits` decimals, rounding exact ties to even like Python (JS rounds them away from zero). */
export function toFixedEven(x: number, digits: number): string {
  const d = Math.min(100, Math.max(0, digits));
  const rounded = x.toFixed(d);
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21 || d > 40) return rounded;
  const exact = Math.abs(x).toFixed(100);
  const dot = exact.indexOf('.');
  if (!/^50*$/.test(exact.slice(dot + 1 + d))) return rounded;
  const truncated = d === 0 ? exact.slice(0, dot) : exact.slice(0, dot + 1 + d);
  if (Number(truncated[truncated.length - 1]) % 2 !== 0) return rounded;
  return x < 0 ? `-${truncated}` : truncated;
}

interface Spec {
  fill: string;
  align: string;
  sign: string;
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: string;
  precision: number | null;
  type: string;
}

function parseSpec(spec: string): Spec {
  const m = /^(?:(.)?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s.exec(spec);
  if (!m) throw new PyTypeErrorSignal(`Invalid format specifier '${spec}'`, 'ValueError');
  return {
    fill: m[1] ?? (m[5] && !m[2] ? '0' : ' '),
    align: m[2] ?? (m[5] ? '=' : ''),
    sign: m[3] ?? '-',
    alt: Boolean(m[4]),
    zero: Boolean(m[5]),
    width: m[6] ? Number(m[6]) : 0,
    grouping: m[7] ?? '',
    precision: m[8] !== undefined ? Number(m[8]) : null,
    type: m[9] ?? '',
  };
}

function group(intPart: string, sep: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

function expFormat(x: number, precision: number, upper: boolean): string {
  const [m, e] = x.toExponential(precision).split('e') as [string, string];
  const exp = Number(e);
  const text = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return upper ? text.toUpperCase() : text;
}

function generalFormat(x: number, precision: number, alt: boolean): string {
  const p = precision === 0 ? 1 : precision;
  if (x === 0) return alt ? `0.${'0'.repeat(p - 1)}` : '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(p)))));
  let text = exp >= -4 && exp < p ? toFixedEven(x, p - 1 - exp) : expFormat(x, p - 1, false);
  if (!alt && text.includes('.')) text = text.replace(/(\.\d*?)0+(?=e|$)/, '$1').replace(/\.(?=e|$)/, '');
  return text;
}

function pad(body: string, sign: string, spec: Spec, defaultAlign: string): string {
  const total = sign.length + body.length;
  if (total >= spec.width) return sign + body;
  chargeChars(spec.width);
  const fill = spec.fill.repeat(spec.width - total);
  switch (spec.align || defaultAlign) {
    case '<':
      return sign + body + fill;
    case '^': {
      const left = Math.floor(fill.length / 2);
      return fill.slice(0, left) + sign + body + fill.slice(left);
    }
    case '=':
      return sign + fill + body;
    default:
      return fill + sign + body;
  }
}

/** `format(value, spec)` for numbers and strings; `str` formats anything else. */
export function formatValue(value: Value, specText: string, str: (v: Value) => string): string {
  if (specText === '') return str(value);
  const spec = parseSpec(specText);
  if (!isNumber(value)) {
    if (spec.type && spec.type !== 's') throw new PyTypeErrorSignal(`Unknown format code '${spec.type}' for object of type '${typeName(value)}'`, 'ValueError');
    let text = str(value);
    if (spec.precision !== null) text = text.slice(0, spec.precision);
    return pad(text, '', spec, '<');
  }
  const isFloat = value instanceof PyFloat;
  const x = num(value);
  let type = spec.type;
  if (!type) type = isFloat ? (spec.precision !== null ? 'g' : 'r') : 'd';
  if (!isFloat && type === 'd' && !Number.isInteger(x)) throw new PyTypeErrorSignal(`Unknown format code 'd' for object of type 'float'`, 'ValueError');
  if (isFloat && 'dxXobc'.includes(type)) throw new PyTypeErrorSignal(`Unknown format code '${type}' for object of type 'float'`, 'ValueError');
  const negative = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  let body: string;
  switch (type) {
    case 'd':
    case 'n':
      body = String(ax);
      break;
    case 'x':
      body = (spec.alt ? '0x' : '') + ax.toString(16);
      break;
    case 'X':
      body = (spec.alt ? '0X' : '') + ax.toString(16).toUpperCase();
      break;
    case 'o':
      body = (spec.alt ? '0o' : '') + ax.toString(8);
      break;
    case 'b':
      body = (spec.alt ? '0b' : '') + ax.toString(2);
      break;
    case 'c':
      body = String.fromCodePoint(ax);
      break;
    case 'f':
    case 'F':
      body = toFixedEven(ax, spec.precision ?? 6);
      break;
    case 'e':
    case 'E':
      body = expFormat(ax, spec.precision ?? 6, type === 'E');
      break;
    case 'g':
    case 'G':
      body = generalFormat(ax, spec.precision ?? 6, spec.alt);
      if (type === 'G') body = body.toUpperCase();
      break;
    case '%':
      body = `${toFixedEven(ax * 100, spec.precision ?? 6)}%`;
      break;
    default:
      body = isFloat ? floatRepr(ax) : String(ax);
  }
  if (spec.grouping) {
    const [intPart, rest] = splitNumber(body);
    body = group(intPart, spec.grouping) + rest;
  }
  const sign = negative ? '-' : spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
  return pad(body, sign, spec, '>');
}

function splitNumber(body: string): [string, string] {
  const m = /^(\d+)(.*)$/s.exec(body);
  return m ? [m[1]!, m[2]!] : [body, ''];
}

/** `"%s and %d" % args`. */
export function percentFormat(template: string, args: readonly Value[], str: (v: Value) => string, repr: (v: Value) => string): string {
  let index = 0;
  const next = (): Value => {
    if (index >= args.length) throw new PyTypeErrorSignal('not enough arguments for format string');
    return args[index++]!;
  };
  const out = template.replace(/%([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdirfFeEgGxXo%])/g, (_all, flags: string, width?: string, precision?: string, conv?: string) => {
    if (conv === '%') return '%';
    const v = next();
    let spec = '';
    if (flags.includes('-')) spec += '<';
    if (flags.includes('+')) spec += '+';
    if (flags.includes('0') && !flags.includes('-')) spec += '0';
    if (width) spec += width;
    if (precision !== undefined) spec += `.${precision}`;
    if (conv === 's') return formatValue(str(v), spec, str);
    if (conv === 'r') return formatValue(repr(v), spec, str);
    if (conv === 'd' || conv === 'i') return formatValue(isNumber(v) ? Math.trunc(num(v)) : v, `${spec}d`, str);
    return formatValue(isNumber(v) ? new PyFloat(num(v)) : v, spec + (conv ?? ''), str);
  });
  if (index < args.length) throw new PyTypeErrorSignal('not all arguments converted during string formatting');
  return out;
}

/** `repr(str)`: single quotes unless the text has a single quote and no double quote. */
export function strRepr(s: string): string {
  chargeWork(Math.ceil(s.length / 16));
  chargeChars(s.length * 2 + 2);
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return quote + out + quote;
}
