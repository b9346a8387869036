// IPv6 addresses in free text: full (2001:0db8:0:0:0:0:0:1), compressed (2001:db8::1, fe80::), with an IPv4
// tail (::ffff:192.0.2.1, 64:ff9b::192.0.2.33), with a zone (fe80::1%eth0, %25eth0 in URLs), and inside
// brackets with a port ([2001:db8::1]:8443 — the address is the finding, the port stays readable).
// Not reported: `::` (unspecified) and `::1` (loopback), also as IPv4-mapped 127.x / 0.0.0.0 — like
// 0.0.0.0 and 127.x for IPv4 they say where a server listens, not who a user is.
// Look-alikes that are valid IPv6 syntax but are not addresses: `a::b`, `dead::beef` (C++/Rust paths, no
// digit), `1:2:3:4:5:6:7:8` (ratios, no group of 3+ hex digits), MAC/EUI-64 notation (8 groups of exactly
// 2 hex digits); times (12:30:45) and 6-group MACs are not valid IPv6 at all.
import { isIPv6 } from 'node:net';
import { escapedWhitespaceEndsAt, escapeStartsAt, isWordChar } from './boundaries';
import type { Detection } from './types';

/**
 * A maximal hex/colon/dot token and an optional zone id; tokens without two colons are skipped in code.
 * (Requiring the colon inside the regex would make it backtrack quadratically over long hex runs.)
 */
const CANDIDATE = /[0-9A-Fa-f.:]+(?:%[0-9A-Za-z_.~-]+)?/g;

/** The eight 16-bit groups of an address that `isIPv6` accepted (an IPv4 tail becomes the last two). */
export function ipv6Groups(addr: string): number[] {
  let a = addr;
  const tail: number[] = [];
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (v4) {
    const [o1, o2, o3, o4] = v4.slice(1).map(Number) as [number, number, number, number];
    tail.push(o1 * 256 + o2, o3 * 256 + o4);
    a = a.slice(0, v4.index);
    if (a.endsWith(':') && !a.endsWith('::')) a = a.slice(0, -1);
  }
  const [left, right] = a.split('::') as [string, string | undefined];
  const hex = (s: string) => (s ? s.split(':').map((h) => parseInt(h, 16)) : []);
  const l = hex(left);
  const r = hex(right ?? '');
  const zeros = right === undefined ? 0 : 8 - tail.length - l.length - r.length;
  return [...l, ...Array<number>(zeros).fill(0), ...r, ...tail];
}

/** Unspecified, loopback, and their IPv4-mapped/compatible forms. */
function isInfrastructure(groups: number[]): boolean {
  if (groups.slice(0, 5).some((g) => g !== 0)) return false;
  const g5 = groups[5]!;
  const [g6, g7] = [groups[6]!, groups[7]!];
  if (g5 === 0 && g6 === 0 && (g7 === 0 || g7 === 1)) return true; // :: and ::1
  const firstOctet = g6 >> 8;
  // ::ffff:127.0.0.1, ::ffff:0.0.0.0 (and the deprecated ::127.0.0.1 form).
  return (g5 === 0xffff || g5 === 0) && (firstOctet === 127 || (g6 === 0 && g7 === 0));
}

/** Valid IPv6 syntax that is something else in practice. */
function isLookAlike(addr: string): boolean {
  const hasV4Tail = /\d+\.\d+\.\d+\.\d+$/.test(addr);
  if (!/\d/.test(addr)) return true; // a::b, dead::beef, Abc::Def
  if (!hasV4Tail && !/[0-9A-Fa-f]{3}/.test(addr)) return true; // 1:2:3:4:5:6:7:8, 1::2
  const parts = addr.split(':');
  return !addr.includes('::') && parts.length === 8 && parts.every((p) => p.length === 2); // EUI-64 / MAC notation
}

/** Not glued to a word or a hyphenated name; JSON escapes count as whitespace. */
function standsAlone(text: string, start: number, end: number): boolean {
  const b = text[start - 1];
  if (b !== undefined && !escapedWhitespaceEndsAt(text, start) && (isWordChar(b) || '.-%\\'.includes(b))) return false;
  const a = text[end];
  if (a === undefined || escapeStartsAt(text, end)) return true;
  return !isWordChar(a) && !(a === '-' && isWordChar(text[end + 1]));
}

export function findIPv6(text: string): Detection[] {
  const out: Detection[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const start = m.index!;
    // Sentence punctuation after an address: "… from fe80::1." or "2001:db8::1: connection refused".
    let value = m[0].replace(/\.+$/, '');
    if (value.endsWith(':') && !value.endsWith('::')) value = value.slice(0, -1);
    if (value.startsWith('.') || (value.match(/:/g)?.length ?? 0) < 2) continue;
    const end = start + value.length;
    if (!standsAlone(text, start, end)) continue;
    const addr = value.split('%')[0]!;
    if (!isIPv6(addr) || isLookAlike(addr) || isInfrastructure(ipv6Groups(addr))) continue;
    out.push({ rule: 'ipv6', start, end });
  }
  return out;
}
