// Token boundaries shared by the function-based detectors (phones, IPv6). A value only counts when it stands
// on its own: not glued to letters or digits, and not inside a path, a decimal, a time or a hex id. Span
// attributes often hold JSON text, so an escaped `\n`, `\t` or `\r` next to a value counts as whitespace.

const WORD = /[\p{L}\p{N}_]/u;
export const isWordChar = (c: string | undefined): boolean => c !== undefined && WORD.test(c);
export const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** True when `text[i-1]` is the `n`/`t`/`r` of a JSON escape (`\n` …), i.e. whitespace in disguise. */
export function escapedWhitespaceEndsAt(text: string, i: number): boolean {
  return i >= 2 && 'nrt'.includes(text[i - 1]!) && text[i - 2] === '\\';
}

/** True when `text[i]` starts a JSON escape (`\n`, `\"` …), i.e. the value ends right before it. */
export function escapeStartsAt(text: string, i: number): boolean {
  return text[i] === '\\' && 'nrt"\\'.includes(text[i + 1] ?? '');
}
