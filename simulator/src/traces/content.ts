// Prompt and completion texts for GenAI content attributes. Clean texts contain no digits, no '@' and no
// key-like tokens, so a compliance scanner must find exactly the planted sensitive values and nothing else.
import { hash32 } from '../util/random';
import type { SensitiveKind } from '../groundtruth';

const PROMPTS = [
  'Summarize the attached meeting notes in three short bullet points.',
  'Translate the following paragraph into French: the quarterly review went well and the team is on track.',
  'Write a polite reply declining the invitation to speak at the conference.',
  'Explain the difference between a process and a thread to a new engineer.',
  'Suggest a name for a coffee shop that also sells books.',
  'Rewrite this sentence to sound more formal: we are going to be late again.',
  'List the main risks of migrating the billing service to a new database.',
  'Classify the sentiment of this review: the delivery was slow but the product is great.',
  'Draft a short product description for a waterproof hiking backpack.',
  'What are good practices for naming variables in Python?',
];

const COMPLETIONS = [
  'Here is a concise summary: the team agreed on the next steps and owners.',
  'Sure. The key idea is that threads share memory while processes do not.',
  'Thank you for the kind invitation; unfortunately I will not be able to attend.',
  'The sentiment is mixed, leaning positive.',
  'A few options: Chapter and Cup, The Reading Roast, Brew and Browse.',
  'The main risks are data loss during cutover, longer downtime than planned, and query regressions.',
];

export function cleanPrompt(...parts: number[]): string {
  return PROMPTS[hash32(...parts, 1) % PROMPTS.length];
}

export function cleanCompletion(...parts: number[]): string {
  return COMPLETIONS[hash32(...parts, 2) % COMPLETIONS.length];
}

const FIRST = ['maria', 'john', 'aiko', 'lars', 'fatima', 'diego', 'olga', 'kwame'];
const LAST = ['gonzalez', 'smith', 'tanaka', 'nilsson', 'haddad', 'ramirez', 'ivanova', 'mensah'];
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function digits(n: number, ...parts: number[]): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(hash32(...parts, i) % 10);
  return s;
}

function b62(n: number, ...parts: number[]): string {
  let s = '';
  for (let i = 0; i < n; i++) s += B62[hash32(...parts, 100 + i) % 62];
  return s;
}

/** Luhn check digit for a digit string. */
export function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function luhnValid(num: string): boolean {
  const d = num.replace(/\D/g, '');
  return d.length >= 12 && luhnCheckDigit(d.slice(0, -1)) === Number(d.slice(-1));
}

/**
 * Phone number formats, cycled: North American in E.164, then national formats with a trunk 0 (from the
 * ranges regulators reserve for fiction where there is one: UK 07700 900xxx, FR 06 39 98 xx xx, AU 0491 570
 * xxx), an Indian mobile without +91, and UK E.164 with the trunk 0 in brackets.
 */
function phoneNumber(variant: number, ...p: number[]): string {
  switch (variant % 7) {
    case 0:
      return `+1-415-555-0${digits(3, ...p)}`;
    case 1:
      return `07700 900${digits(3, ...p)}`;
    case 2:
      return `0151 2${digits(7, ...p)}`;
    case 3:
      return `06 39 98 ${digits(2, ...p)} ${digits(2, ...p, 1)}`;
    case 4:
      return `98765 4${digits(4, ...p)}`;
    case 5:
      return `0491 570 ${digits(3, ...p)}`;
    default:
      return `+44 (0)20 7946 0${digits(3, ...p)}`;
  }
}

/** A deterministic sensitive value of the kind, and a sentence that carries it. */
export function sensitiveValue(kind: SensitiveKind, n: number, seed: number): { value: string; text: string } {
  const p = [seed, 5150, n];
  switch (kind) {
    case 'email': {
      const v = `${FIRST[hash32(...p, 1) % FIRST.length]}.${LAST[hash32(...p, 2) % LAST.length]}@example.com`;
      return { value: v, text: `Please send the summary to ${v} before the end of the day.` };
    }
    case 'phone': {
      const v = phoneNumber(Math.floor(n / SENSITIVE_KINDS.length), ...p);
      return { value: v, text: `If anything is unclear, call me on ${v} this afternoon.` };
    }
    case 'credit_card': {
      const body = `4${digits(14, ...p)}`;
      const v = body + String(luhnCheckDigit(body));
      return { value: v, text: `Charge the renewal to card ${v} and send the receipt.` };
    }
    case 'api_key': {
      if (n % 2 === 0) {
        const v = `sk-proj-${b62(40, ...p)}`;
        return { value: v, text: `Here is my key ${v}, why does the request fail with a permission error?` };
      }
      const v = `Bearer eyJhbGciOiJIUzI1NiJ9.${b62(36, ...p, 1)}.${b62(43, ...p, 2)}`;
      return { value: v, text: `The call used the header Authorization: ${v} and still got rejected.` };
    }
    case 'ip_address': {
      const variant = Math.floor(n / SENSITIVE_KINDS.length) % 3;
      if (variant === 2) {
        // IPv6 from the documentation prefix, written the way logs show it: in brackets with a port.
        const v = `2001:db8:${(1 + (hash32(...p, 5) % 0xfffe)).toString(16)}::${(1 + (hash32(...p, 6) % 0xffe)).toString(16)}`;
        return { value: v, text: `Why can the service not reach the database at [${v}]:5432 since the last deploy?` };
      }
      const v = variant === 0 ? `10.${1 + (hash32(...p, 1) % 250)}.${hash32(...p, 2) % 250}.${1 + (hash32(...p, 3) % 250)}` : `203.0.113.${1 + (hash32(...p, 4) % 250)}`;
      return { value: v, text: `Why can the service not reach the database at ${v} since the last deploy?` };
    }
  }
}

export const SENSITIVE_KINDS: SensitiveKind[] = ['email', 'phone', 'credit_card', 'api_key', 'ip_address'];

/** Detectors a compliance scanner would use; tests use them to prove clean traces are clean. */
export const SENSITIVE_PATTERNS: Record<SensitiveKind, RegExp> = {
  email: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/,
  phone: /\+?\d{1,3}[-. ]?\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}|\+\d{1,3} \(0\)\d{2,4}(?: \d{2,8})+|(?<!\d)0\d{1,4}(?: \d{2,8}){1,4}(?!\d)|(?<!\d)[6-9]\d{4} \d{5}(?!\d)/,
  credit_card: /\b(?:\d[ -]?){13,19}\b/,
  api_key: /\b(?:sk-[A-Za-z0-9_-]{16,}|Bearer\s+[A-Za-z0-9._-]{20,})/,
  ip_address: /\b(?:\d{1,3}\.){3}\d{1,3}\b|\b2001:db8:[0-9a-f]{1,4}::[0-9a-f]{1,4}\b/,
};
