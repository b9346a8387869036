// Phone numbers in free text. Digits are everywhere in traces (timestamps, token counts, ids, versions,
// prices, ports, card numbers), so a number only counts as a phone when it has a phone's *shape*:
//   - international: `+` (or the `00` dialling prefix) and 8–15 digits, E.164's limit;
//   - North American: 3-3-4 digits with a valid area code and exchange;
//   - national with a trunk `0` (UK, DE, FR, AU, IN, NL, JP …): `0` + area code, then digit groups, 9–12 digits;
//   - Indian mobiles without a prefix (98765 43210).
// Shapes that are too weak on their own (a bare 10-digit number, 3-3-4 digits with spaces only, an Indian
// mobile without +91) count only after a phone cue ("call me on", "Tel:") or in a phone-named attribute.
import { escapedWhitespaceEndsAt, escapeStartsAt, isDigit, isWordChar } from './boundaries';
import type { Detection } from './types';

/**
 * A run of digit groups joined by one tight separator each (space, `.`, `-`, `/`, or a parenthesis with an
 * optional space). " - ", " / " and ", " end a run, so two numbers listed side by side stay two runs.
 */
const RUN = /\+?\(?\d+(?:(?:[ \u00a0]?\([ \u00a0]?|[ \u00a0]?\)[ \u00a0]?|[ \u00a0./-])\d+)*/g;

/** Attribute keys that name a phone number (`user.phone`, `contact.mobile_number`, `msisdn`). */
const PHONE_KEY =
  /(?:^|[._-])(?:phone|telephone|tel|mobile|msisdn|fax|cellphone)(?:[._-]?(?:number|no|num))?(?:$|[._-])/i;

/** A phone cue shortly before a number, with no digit in between ("call me on ", "Tel.: ", "Handy: "). */
const CUE_BEFORE =
  /(?<![\p{L}_])(?:phone|telephone|tel|mobile|mob|cell|cellphone|call|ring|sms|text me|whatsapp|fax|hotline|contact|telefon|telefonnummer|rufnummer|handy|mobil|mobilnummer|téléphone|tél|portable|numéro|móvil|celular|teléfono|telefone)(?![\p{L}_])[^\d\n]{0,20}$/iu;

const CURRENCY = '$€£¥₹';

/** A parsed run: digit groups and the separators between them. */
interface Run {
  plus: boolean;
  groups: string[];
  /** seps[i] sits between groups[i] and groups[i + 1]. */
  seps: string[];
  /** Index of the one group written in parentheses, e.g. `(030)`, `(415)`, `+44 (0)20`; -1 if none. */
  paren: number;
}

/** Splits a run into groups; undefined when its parentheses do not enclose exactly one group. */
function parseRun(raw: string): Run | undefined {
  const plus = raw.startsWith('+');
  const body = plus ? raw.slice(1) : raw;
  const groups = body.match(/\d+/g) ?? [];
  const parts = body.split(/\d+/);
  const seps = parts.slice(1, -1);
  let paren = -1;
  if (parts[0] === '(') paren = 0;
  for (let i = 0; i < seps.length; i++) {
    const s = seps[i]!;
    if (s.includes('(')) {
      if (paren >= 0) return undefined;
      paren = i + 1;
    }
    if (s.includes(')') && paren !== i) return undefined;
  }
  if (paren >= 0 && !(seps[paren] ?? '').includes(')')) return undefined;
  return { plus, groups, seps, paren };
}

/** Not glued to a word, not inside a path, decimal, time, price, list of numbers or id. */
function standsAlone(text: string, start: number, end: number): boolean {
  const b = text[start - 1];
  if (b !== undefined && !escapedWhitespaceEndsAt(text, start)) {
    if (isWordChar(b) || '.-/\\@#%&*^~+'.includes(b) || CURRENCY.includes(b)) return false;
    // "Phone:", "tel:", "mobile=" are labels; "12:30 …" or "x=1 …" are not.
    if ((b === ':' || b === '=') && !/\p{L}/u.test(text[start - 2] ?? '')) return false;
    // "1,234 567" — a digit grouping, not a number of its own.
    if ((b === ',' || b === ';') && isDigit(text[start - 2])) return false;
    if (/\s/.test(b) && CURRENCY.includes(text[start - 2] ?? '')) return false;
  }
  const a = text[end];
  if (a === undefined || escapeStartsAt(text, end)) return true;
  const next = text[end + 1];
  if (isWordChar(a) || a === '%' || a === '\\') return false;
  if ('.,:'.includes(a) && isDigit(next)) return false;
  if ('-/@+'.includes(a) && (isWordChar(next) || next === '+')) return false;
  return true;
}

const joined = (groups: string[]) => groups.join('');

/** `+` or `00`, then a country code (never starting with 0) and at most 15 digits in all. */
function isInternational(r: Run, cue: () => boolean): boolean {
  // The trunk zero some writers keep in parentheses ("+44 (0)20 …") is not dialled.
  const groups = r.groups.filter((g, i) => !(i === r.paren && g === '0'));
  let d = joined(groups);
  if (!r.plus) d = d.slice(2);
  if (d[0] === '0' || d.length < 8 || d.length > 15) return false;
  if (r.groups.length === 1) {
    // "+1000000" is a change in a quantity; an unseparated "0049…" needs a cue.
    if (/0{5}$/.test(d)) return false;
    if (!r.plus && !cue()) return false;
  }
  // "+1 2 3 4 5 6 7 8" is a list, not a number.
  return groups.filter((g) => g.length === 1).length <= 2;
}

/** NANP area codes: [2-9][0-8]X and not N11 (service codes like 411/911). Exchanges: [2-9]XX, not N11. */
const validArea = (a: string) => /^[2-9][0-8]\d$/.test(a) && !/^\d11$/.test(a);
const validExchange = (e: string) => /^[2-9]\d\d$/.test(e) && !/^\d11$/.test(e);

/** (415) 555-2671, 415-555-2671, 415.555.2671, 1-800-555-0199; spaces only or no separators need a cue. */
function isNanp(r: Run, cue: () => boolean): boolean {
  if (r.plus) return false;
  let { groups, seps } = r;
  let paren = r.paren;
  if (groups.length === 4 && groups[0] === '1') {
    groups = groups.slice(1);
    seps = seps.slice(1);
    paren--;
  }
  if (groups.length === 1) {
    const d = groups[0]!.length === 11 && groups[0]![0] === '1' ? groups[0]!.slice(1) : groups[0]!;
    return d.length === 10 && validArea(d.slice(0, 3)) && validExchange(d.slice(3, 6)) && cue();
  }
  if (groups.length !== 3 || groups[0]!.length !== 3 || groups[1]!.length !== 3 || groups[2]!.length !== 4)
    return false;
  if (!validArea(groups[0]!) || !validExchange(groups[1]!)) return false;
  if (paren > 0 || seps.some((s) => s.includes('/'))) return false;
  // "512 256 1024" is a list of sizes; dashes, dots or a bracketed area code make it a phone.
  return paren === 0 || seps.some((s) => /[-.]/.test(s)) || cue();
}

/** dd.mm.yyyy, dd/mm/yy, mm-dd-yyyy … at the start of a run (a date followed by a number is not a phone). */
function startsWithDate(r: Run): boolean {
  const [a, b, c] = r.groups;
  if (!a || !b || !c || a.length > 2 || b.length > 2 || (c.length !== 2 && c.length !== 4)) return false;
  const s = r.seps[0]!;
  // The same separator again after the third group makes it a grouped number (FR 06.12.34.56.78).
  if (!['.', '/', '-'].includes(s) || r.seps[1] !== s || r.seps[2] === s) return false;
  const x = Number(a);
  const y = Number(b);
  return x >= 1 && y >= 1 && x <= 31 && y <= 31 && (x <= 12 || y <= 12);
}

/** 010.001.002.003 — an IPv4 address with padded octets. */
const isDottedQuad = (r: Run) =>
  r.groups.length === 4 && r.seps.every((s) => s === '.') && r.groups.every((g) => g.length <= 3);

/**
 * Trunk-zero national numbers: 07700 900123, 020 7946 0958, 0151 12345678, 030/1234567, (02) 9876 5432,
 * 06 12 34 56 78, 0412 345 678. The first group is 0 + a 1–5 digit area code; the rest are 2–8 digit groups.
 */
function isNational(r: Run, cue: () => boolean): boolean {
  if (r.plus) return false;
  const g = r.groups;
  const d = joined(g);
  if (!/^0[1-9]/.test(d) || d.length < 9 || d.length > 12) return false;
  if (g.length === 1) return d.length >= 10 && cue();
  if (g.length > 6 || g[0]!.length < 2 || g[0]!.length > 6 || r.paren > 0) return false;
  if (!g.slice(1).every((x) => x.length >= 2 && x.length <= 8)) return false;
  // Nine digits only with enough structure (BE "02 123 45 67"); a 3-4 split of nine digits is too weak.
  if (d.length === 9 && g.length < 3) return false;
  // A slash only right after the area code (DE "030/1234567"); twice it is a date.
  if (r.seps.slice(1).some((s) => s.includes('/'))) return false;
  return !startsWithDate(r) && !isDottedQuad(r);
}

/** Indian mobiles without +91: 10 digits starting 6–9, as one block or 5-5. Port ranges look the same: cue only. */
function isIndianMobile(r: Run, cue: () => boolean): boolean {
  if (r.plus || r.paren >= 0) return false;
  const d = joined(r.groups);
  if (d.length !== 10 || !/^[6-9]/.test(d)) return false;
  const shape = r.groups.length === 1 || (r.groups.length === 2 && r.groups[0]!.length === 5 && r.seps[0] !== '/');
  return shape && cue();
}

/** In a phone-named attribute any plausible digit count is a phone (numbers stored as integers, MSISDNs). */
function isPhoneAttributeValue(r: Run, key: string): boolean {
  const n = joined(r.groups).length;
  return PHONE_KEY.test(key) && n >= 7 && n <= 15;
}

/** "01 02 03 04 05", "001 002 003 004": equal-width groups that all start with 0 are a zero-padded list. */
const isZeroPaddedList = (g: string[]) => g.length >= 3 && g.every((x) => x[0] === '0' && x.length === g[0]!.length);

/** The rule a run satisfies, or undefined. */
function classify(r: Run, key: string, cue: () => boolean): string | undefined {
  if (isZeroPaddedList(r.groups)) return undefined;
  // A + or 00 prefix decides: such a run is international or nothing (bar a phone-named attribute).
  const prefixed = r.plus || /^00[1-9]/.test(joined(r.groups));
  if (prefixed && isInternational(r, cue)) return 'phone_international';
  if (!prefixed) {
    if (isNanp(r, cue)) return 'phone_nanp';
    if (isNational(r, cue)) return 'phone_national';
    if (isIndianMobile(r, cue)) return 'phone_india';
  }
  return isPhoneAttributeValue(r, key) ? 'phone_attribute' : undefined;
}

export function findPhones(text: string, key: string): Detection[] {
  const out: Detection[] = [];
  for (const m of text.matchAll(RUN)) {
    let start = m.index!;
    let raw = m[0];
    // "(call 07700 900123)": a bracket that does not close after the first group belongs to the sentence.
    if (raw.startsWith('(') && !/^\(\d+[ \u00a0]?\)/.test(raw)) {
      start++;
      raw = raw.slice(1);
    }
    const end = start + raw.length;
    if (!standsAlone(text, start, end)) continue;
    const run = parseRun(raw);
    if (!run) continue;
    let cached: boolean | undefined;
    const cue = () => (cached ??= PHONE_KEY.test(key) || CUE_BEFORE.test(text.slice(Math.max(0, start - 48), start)));
    const rule = classify(run, key, cue);
    if (rule) out.push({ rule, start, end });
  }
  return out;
}
