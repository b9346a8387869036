// Detection rules: a candidate regex per rule plus a validator that removes look-alikes (Luhn and issuer
// prefixes for cards, octet ranges and version contexts for IPv4). Every regex is global and anchored by
// look-arounds so a match never starts or ends inside a longer token (hex ids, UUIDs, decimals, timestamps).
// Phones and IPv6 need more than one regex can say (several national shapes, cues, address arithmetic), so
// they are detector functions in their own files.
import { findIPv6 } from './ipv6';
import { luhnValid } from './luhn';
import { findPhones } from './phone';
import type { Detection, SensitiveKind } from './types';

export interface RuleContext {
  /** Attribute key the text came from (empty for free text). */
  key: string;
  text: string;
}

export interface PatternRule {
  kind: SensitiveKind;
  rule: string;
  pattern: RegExp;
  /** Capture group holding the sensitive part (default: the whole match). */
  group?: number;
  valid?(value: string, start: number, ctx: RuleContext): boolean;
}

/** A detector function: finds its own matches and names the rule of each. */
export interface DetectorRule {
  kind: SensitiveKind;
  detect(ctx: RuleContext): Detection[];
}

export type Rule = PatternRule | DetectorRule;

const digitsOf = (s: string) => s.replace(/\D/g, '');

/** Card issuer by IIN prefix and length; undefined for digit runs no card network issues. */
export function cardIssuer(digits: string): string | undefined {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  if (digits[0] === '4' && (n === 13 || n === 16 || n === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n === 16) return 'mastercard';
  if ((p2 === 34 || p2 === 37) && n === 15) return 'amex';
  if ((p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) && n >= 16 && n <= 19)
    return 'discover';
  if ((p2 === 36 || p2 === 38 || (p3 >= 300 && p3 <= 305)) && n >= 14 && n <= 19) return 'diners';
  if (p4 >= 3528 && p4 <= 3589 && n >= 16 && n <= 19) return 'jcb';
  if (p2 === 62 && n >= 16 && n <= 19) return 'unionpay';
  if ([5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763].includes(p4) && n >= 12 && n <= 19) return 'maestro';
  return undefined;
}

/** Values people put in secret-looking places that are not secrets. */
const PLACEHOLDER =
  /^(?:\*+|x+|X+|•+|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|redacted|\[redacted\]|null|none|undefined|true|false|changeme|example)$/i;
const hasDigitAndLetter = (s: string) => /\d/.test(s) && /[A-Za-z]/.test(s);

/** File extensions that make `icon@2x.png`-style names look like e-mail addresses. */
const FILE_TLDS = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'svg',
  'webp',
  'ico',
  'js',
  'mjs',
  'cjs',
  'css',
  'map',
  'json',
  'yaml',
  'yml',
  'txt',
  'md',
  'py',
  'ts',
  'go',
  'rs',
  'java',
  'lock',
  'html',
  'pdf',
  'zip',
  'gz',
  'tar',
  'bin',
  'onnx',
  'safetensors',
  'gguf',
  'pt',
]);

/** Version-looking contexts: a 4-part dotted number in these is a version, not an address. */
const VERSION_KEY = /(?:^|[._-])(?:version|ver|release|build|sdk|semver)(?:$|[._-])/i;
const VERSION_BEFORE = /(?:version|ver\.?|release|build|v)\s*[:=]?\s*$/i;

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

export const RULES: Rule[] = [
  {
    kind: 'email',
    rule: 'email',
    pattern:
      /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])/g,
    valid: (v) => {
      const local = v.slice(0, v.indexOf('@'));
      const tld = v.slice(v.lastIndexOf('.') + 1).toLowerCase();
      return !local.endsWith('.') && !local.includes('..') && !FILE_TLDS.has(tld);
    },
  },
  {
    kind: 'credit_card',
    rule: 'payment_card',
    // 13–19 digits, optionally grouped by single spaces or dashes; not after '.', '+' or a word character.
    pattern: /(?<![\w.+])\d(?:[ -]?\d){12,18}(?![\w]|[.,-]\d)/g,
    valid: (v) => {
      const d = digitsOf(v);
      return d.length >= 13 && d.length <= 19 && cardIssuer(d) !== undefined && luhnValid(d);
    },
  },
  // International (+/00), North American, trunk-0 national and Indian mobile formats: see phone.ts.
  { kind: 'phone', detect: ({ text, key }) => findPhones(text, key) },
  {
    kind: 'api_key',
    rule: 'openai_key',
    pattern: /(?<![\w-])sk-(?:proj-|ant-|live-|test-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g,
    valid: (v) => hasDigitAndLetter(v),
  },
  { kind: 'api_key', rule: 'stripe_key', pattern: /(?<!\w)[rsp]k_(?:live|test)_[A-Za-z0-9]{16,}/g },
  {
    kind: 'api_key',
    rule: 'bearer_token',
    pattern: /(?<!\w)[Bb]earer\s+[A-Za-z0-9._~+/-]{16,}=*/g,
    valid: (v) => hasDigitAndLetter(v.replace(/^bearer\s+/i, '')),
  },
  { kind: 'api_key', rule: 'jwt', pattern: /(?<![\w-])eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g },
  { kind: 'api_key', rule: 'aws_access_key', pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9])/g },
  {
    kind: 'api_key',
    rule: 'github_token',
    pattern: /(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g,
  },
  { kind: 'api_key', rule: 'slack_token', pattern: /(?<![A-Za-z0-9])xox[abprs]-[A-Za-z0-9-]{10,}/g },
  { kind: 'api_key', rule: 'google_api_key', pattern: /(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g },
  { kind: 'api_key', rule: 'huggingface_token', pattern: /(?<![A-Za-z0-9])hf_[A-Za-z0-9]{30,}/g },
  { kind: 'api_key', rule: 'private_key', pattern: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/g },
  {
    kind: 'api_key',
    rule: 'secret_assignment',
    // api_key=…, "password": "…", client_secret: … — the value is the finding.
    pattern:
      /(?<![A-Za-z0-9])(?:api[_-]?key|apikey|secret|password|passwd|access[_-]?token|auth[_-]?token|client[_-]?secret)["']?\s*[:=]\s*["']?([A-Za-z0-9._~+/!@#$%^&*=-]{8,})/gi,
    group: 1,
    valid: (v) => !PLACEHOLDER.test(v) && hasDigitAndLetter(v),
  },
  {
    kind: 'ip_address',
    rule: 'ipv4',
    pattern: new RegExp(`(?<![\\w.-])${OCTET}(?:\\.${OCTET}){3}(?![\\w-]|\\.\\d)`, 'g'),
    valid: (v, start, ctx) => {
      // Not personal or not an address: unspecified, loopback, broadcast.
      if (v === '0.0.0.0' || v.startsWith('127.') || v === '255.255.255.255') return false;
      if (VERSION_KEY.test(ctx.key)) return false;
      return !VERSION_BEFORE.test(ctx.text.slice(Math.max(0, start - 12), start));
    },
  },
  // Full, compressed, IPv4-embedded, zoned and bracketed forms; not ::, ::1 or look-alikes: see ipv6.ts.
  { kind: 'ip_address', detect: ({ text }) => findIPv6(text) },
];

/** Attribute keys whose whole value is a credential (HTTP auth headers, cookies, secrets). */
export const SECRET_KEY =
  /(?:^|[._-])(?:authorization|proxy-authorization|api[_-]?key|x-api-key|apikey|secret|client[_-]?secret|password|passwd|access[_-]?token|refresh[_-]?token|id[_-]?token|cookie|set-cookie)$/i;

/** A whole attribute value that is a credential because of its key (kept when it is not a placeholder). */
export function secretValueRange(key: string, value: string): { start: number; end: number } | undefined {
  if (!SECRET_KEY.test(key)) return undefined;
  // Arrays of header values arrive as JSON text: take the inside of the first string.
  let v = value.trim();
  let offset = value.indexOf(v);
  const quoted = /^\[\s*"([^"]*)"/.exec(v);
  if (quoted) {
    offset += v.indexOf(quoted[1]!);
    v = quoted[1]!;
  }
  if (v.length < 8 || PLACEHOLDER.test(v)) return undefined;
  return { start: offset, end: offset + v.length };
}
