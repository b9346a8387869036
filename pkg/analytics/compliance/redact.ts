// Redaction: a finding is shown as a mask that keeps just enough to triage (an e-mail's domain, a card's
// last four digits, a key's public prefix) and never the secret part. Excerpts are cut from the text
// after *every* finding in it has been masked, so context never carries another raw value.
import type { Match } from './types';

/** Public prefixes of key formats: they name the issuer and are not secret. */
const KEY_PREFIX =
  /^(?:sk-(?:proj-|ant-|live-|test-|svcacct-|admin-)?|[rsp]k_(?:live|test)_|[Bb]earer\s+|eyJ|AKIA|ASIA|gh[pousr]_|github_pat_|xox[abprs]-|AIza|hf_)/;

function maskDigits(value: string, keepLast: number): string {
  const total = value.replace(/\D/g, '').length;
  let seen = 0;
  return value.replace(/\d/g, (d) => (++seen > total - keepLast ? d : '*'));
}

/**
 * IPv6: the first group (it names the network kind: 2001 global, fe80 link-local), the zone (an interface
 * name, not personal) and, for IPv4-mapped addresses, the IPv4 mask.
 */
function maskIPv6(value: string): string {
  const zoneAt = value.indexOf('%');
  const addr = zoneAt < 0 ? value : value.slice(0, zoneAt);
  const zone = zoneAt < 0 ? '' : value.slice(zoneAt);
  const mapped = /^(::ffff:|64:ff9b::)(\d+)\./i.exec(addr);
  if (mapped) return `${mapped[1]}${mapped[2]}.*.*.*${zone}`;
  return `${addr.startsWith('::') ? ':' : addr.split(':')[0]}:****${zone}`;
}

/** The mask for one sensitive value. Always shorter in information than the value; never equal to it. */
export function maskValue(m: Pick<Match, 'kind' | 'rule'>, value: string): string {
  switch (m.kind) {
    case 'email': {
      const at = value.indexOf('@');
      return `${value[0]}***@${value.slice(at + 1)}`;
    }
    case 'credit_card':
      return maskDigits(value, 4);
    case 'phone':
      return maskDigits(value, 2);
    case 'ip_address':
      if (m.rule === 'ipv4') return `${value.slice(0, value.indexOf('.'))}.*.*.*`;
      return maskIPv6(value);
    case 'api_key': {
      if (m.rule === 'private_key') return '-----BEGIN PRIVATE KEY----- [****]';
      const prefix = KEY_PREFIX.exec(value)?.[0] ?? '';
      return `${prefix}**** (${value.length} chars)`;
    }
  }
}

/** The text with every match replaced by its mask, and where each mask sits in the new text. */
export function redactText(
  text: string,
  matches: Match[]
): { text: string; spans: Array<{ start: number; end: number }> } {
  const sorted = [...matches].sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  const spans: Array<{ start: number; end: number }> = [];
  for (const m of sorted) {
    out += text.slice(pos, m.start);
    const mask = `[${maskValue(m, text.slice(m.start, m.end))}]`;
    spans.push({ start: out.length, end: out.length + mask.length });
    out += mask;
    pos = m.end;
  }
  out += text.slice(pos);
  // Report spans in the caller's match order.
  return { text: out, spans: matches.map((m) => spans[sorted.indexOf(m)]!) };
}

/**
 * A one-line excerpt around match `index`: the redacted text, `radius` characters either side, whitespace
 * collapsed, ellipses where cut.
 */
export function redactedExcerpt(text: string, matches: Match[], index: number, radius = 40): string {
  const { text: red, spans } = redactText(text, matches);
  const span = spans[index]!;
  let start = Math.max(0, span.start - radius);
  let end = Math.min(red.length, span.end + radius);
  // Never cut through another mask: widen to its edges.
  for (const s of spans) {
    if (s.start < start && s.end > start) start = s.start;
    if (s.start < end && s.end > end) end = s.end;
  }
  const body = red.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${body}${end < red.length ? '…' : ''}`;
}
