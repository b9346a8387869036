// Removes credentials from text before it leaves the plugin (query errors, notices, health, resource
// bodies). Upstreams and proxies sometimes echo request headers back in error bodies, so any text that
// came from outside may carry the secrets we sent: the configured values themselves, their encoded forms,
// credential headers and URLs with a user:password part.

export type Scrub = (text: string) => string;

export const REDACTED = '[redacted]';

/** Shortest secret replaced verbatim: shorter values would mangle ordinary words in every message. */
export const MIN_SECRET_LENGTH = 4;

/** Longest text scrubbed (and returned); beyond that the text is cut, so a huge echo is never sent. */
export const MAX_SCRUBBED_CHARS = 2_000_000;

export interface ScrubberSecrets {
  /** Secret values as configured (passwords, tokens, header values). */
  values: string[];
  /** user:password pairs sent as HTTP basic auth (their base64 is what travels). */
  basicAuth?: Array<{ user: string; password: string }>;
}

const CREDENTIAL_HEADERS = 'proxy-authorization|authorization|set-cookie|cookie|x-api-key|api-key|x-auth-token';
// `Authorization: Bearer x`, `"Authorization":["Bearer x"]`, `authorization=Basic x`, Go's map[Cookie:[a=b]]:
// the value runs to the end of the line or of the quoted/bracketed value.
const HEADER_VALUE = new RegExp(
  `(\\b(?:${CREDENTIAL_HEADERS})\\b["']?\\s*[:=]\\s*\\[?\\s*["']?)[^\\r\\n"'\\]}\\\\]+`,
  'gi'
);
// Credentials with an auth scheme anywhere in a text. A bearer token has no fixed shape: at least 8
// token characters, one of them not a letter (so "bearer authentication" stays readable).
const BEARER = /\b(bearer|token)(\s+)(?=[A-Za-z0-9._~+/=-]*[0-9._~+/=-])[A-Za-z0-9._~+/=-]{8,}/gi;
const BASIC = /\b(basic)(\s+)([A-Za-z0-9+/]{4,}={0,2})/gi;
// scheme://user:pass@host → scheme://host (also user@host: a token can be the user part). Up to the last
// @ of the URL: a typed password may hold '/', '@' or ':' that a strict URL parser would stop at.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s"'<>]*@/gi;

/** Every form in which a secret can travel in a request or come back in an echo. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  forms.add(encodeURIComponent(secret));
  forms.add(new URLSearchParams({ x: secret }).toString().slice(2)); // form encoding: spaces as +
  forms.add(JSON.stringify(secret).slice(1, -1));
  const b64 = Buffer.from(secret, 'utf8').toString('base64');
  forms.add(b64);
  forms.add(b64.replace(/=+$/, ''));
  forms.add(Buffer.from(secret, 'utf8').toString('base64url'));
  forms.add(encodeURIComponent(b64));
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Strips user:password from URLs in a text (no secrets needed). */
export function stripUrlUserinfo(text: string): string {
  return text.replace(URL_USERINFO, '$1');
}

/** Decodes a basic-auth token; true when it looks like user:password (so it is a credential, not a word). */
function isBasicCredential(token: string): boolean {
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  return decoded.includes(':') && !/[\u0000-\u001f\ufffd]/.test(decoded);
}

export function createScrubber(secrets: ScrubberSecrets): Scrub {
  const values = new Set<string>();
  for (const v of secrets.values) if (v) values.add(v);
  for (const { user, password } of secrets.basicAuth ?? []) {
    if (password) values.add(`${user}:${password}`);
  }
  const forms = new Set<string>();
  for (const v of values) for (const f of secretForms(v)) forms.add(f);
  // Longest first, so a secret inside an encoded form of a longer one never leaves a fragment behind.
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  const known = sorted.length ? new RegExp(sorted.map(escapeRegExp).join('|'), 'g') : undefined;
  return (input: string) => {
    let text = typeof input === 'string' ? input : String(input);
    if (text.length > MAX_SCRUBBED_CHARS) text = text.slice(0, MAX_SCRUBBED_CHARS) + '…';
    if (known) text = text.replace(known, REDACTED);
    text = text.replace(HEADER_VALUE, `$1${REDACTED}`);
    text = text.replace(BEARER, `$1$2${REDACTED}`);
    text = text.replace(BASIC, (m, scheme: string, space: string, token: string) =>
      isBasicCredential(token) ? `${scheme}${space}${REDACTED}` : m
    );
    return stripUrlUserinfo(text);
  };
}

/** Applies a scrubber to every string inside a JSON-like value (health details, resource bodies). */
export function scrubDeep<T>(value: T, scrub: Scrub, depth = 0): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, scrub, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    Object.defineProperty(out, scrub(k), { value: scrubDeep(v, scrub, depth + 1), enumerable: true, writable: true });
  }
  return out as T;
}
