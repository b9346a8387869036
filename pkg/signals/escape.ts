// Making user input safe inside PromQL. Label values go into double-quoted string literals (escaped
// so they can never close the literal); label names must be plain identifiers; regexes are checked.
import { LABEL_NAME_PATTERN } from '../model/ids';
import { regexProblem } from '../model/regex';

export class UnsafeInputError extends Error {
  override name = 'UnsafeInputError';
}

/** A PromQL double-quoted string literal whose content is exactly `value`. */
export function quoteLabelValue(value: string): string {
  let out = '"';
  for (const ch of value) {
    switch (ch) {
      case '\\':
        out += '\\\\';
        break;
      case '"':
        out += '\\"';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      default: {
        const code = ch.codePointAt(0)!;
        // Other control characters: \u escapes (Go string-literal syntax that PromQL uses).
        out += code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : ch;
      }
    }
  }
  return out + '"';
}

export function assertLabelName(name: string, what = 'label name'): string {
  if (!LABEL_NAME_PATTERN.test(name)) {
    throw new UnsafeInputError(
      `${what} "${name.slice(0, 64)}" is not valid: use letters, digits and underscore, not starting with a digit`
    );
  }
  return name;
}

/** Escapes every RE2 metacharacter so the value matches itself literally inside a regex matcher. */
export function escapeRegex(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/**
 * Rejects regexes RE2 (Prometheus) would not accept in the same way as JS, or that cannot compile at all.
 * The value still goes through quoteLabelValue, so this is about clear errors, not injection.
 */
export function assertRegex(value: string): string {
  const problem = regexProblem(value);
  if (problem) throw new UnsafeInputError(`regex "${value.slice(0, 64)}" ${problem}`);
  return value;
}
