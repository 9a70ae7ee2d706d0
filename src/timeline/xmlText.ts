/**
 * Makes text from the user's file safe to put in an XML document (the SVG
 * export): code points XML 1.0 forbids — C0 controls other than tab, newline
 * and carriage return, lone surrogates, U+FFFE/U+FFFF — and the C1 controls
 * and DEL it discourages are replaced by visible stand-ins, so the document is
 * always well-formed. Markup characters are left to the serializer, which
 * escapes them. Pure; one linear pass.
 */

/** U+2400 "SYMBOL FOR NULL" … U+241F: the Control Pictures block mirrors C0. */
const CONTROL_PICTURES = 0x2400;
const SYMBOL_FOR_DELETE = '\u2421';
const REPLACEMENT = '\ufffd';

/** With the `u` flag a well-formed surrogate pair is one code point, so `[\ud800-\udfff]` matches only lone halves. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/gu;

function standIn(character: string): string {
  const code = character.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(CONTROL_PICTURES + code);
  if (code === 0x7f) return SYMBOL_FOR_DELETE;
  return REPLACEMENT;
}

/** `text` with every XML-invalid or control code point replaced; unchanged text is returned as is. */
export function xmlSafeText(text: string): string {
  NOT_XML.lastIndex = 0;
  return NOT_XML.test(text) ? text.replace(NOT_XML, standIn) : text;
}

/** True when `text` holds only code points XML 1.0 allows (C1 controls and DEL are allowed there). */
export function isXmlText(text: string): boolean {
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/u.test(text);
}
