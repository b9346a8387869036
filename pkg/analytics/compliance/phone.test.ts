import { describe, expect, it } from 'vitest';
import { findSensitive } from './scan';

/** [kind, rule, matched text] for each finding. */
const found = (text: string, key?: string) =>
  findSensitive(text, { key }).map((m) => [m.kind, m.rule, text.slice(m.start, m.end)]);

// [text, rule, the phone number the scan must report]
const POSITIVES: Array<[string, string, string]> = [
  // E.164 / international, with every separator style.
  ['call +1-415-555-0413 today', 'phone_international', '+1-415-555-0413'],
  ['ring +44 20 7946 0958 please', 'phone_international', '+44 20 7946 0958'],
  ['UK office +44 (0)20 7946 0958', 'phone_international', '+44 (0)20 7946 0958'],
  ['UK office +44 (0) 20 7946 0958', 'phone_international', '+44 (0) 20 7946 0958'],
  ['Berlin +49 (0)30 1234567', 'phone_international', '+49 (0)30 1234567'],
  ['mobile +49 151 12345678', 'phone_international', '+49 151 12345678'],
  ['Paris +33 6 12 34 56 78', 'phone_international', '+33 6 12 34 56 78'],
  ['Paris +33.6.12.34.56.78', 'phone_international', '+33.6.12.34.56.78'],
  ['Sydney +61 4 1234 5678', 'phone_international', '+61 4 1234 5678'],
  ['Sydney +61 412 345 678', 'phone_international', '+61 412 345 678'],
  ['Delhi +91 98765 43210', 'phone_international', '+91 98765 43210'],
  ['Delhi +91-98765-43210', 'phone_international', '+91-98765-43210'],
  ['Delhi +919876543210', 'phone_international', '+919876543210'],
  ['SF +1 (415) 555-0123', 'phone_international', '+1 (415) 555-0123'],
  ['Beijing +86 138 0013 8000', 'phone_international', '+86 138 0013 8000'],
  ['Tokyo +81 90-1234-5678', 'phone_international', '+81 90-1234-5678'],
  ['Moscow +7 (495) 123-45-67', 'phone_international', '+7 (495) 123-45-67'],
  ['no separators +4915123456789.', 'phone_international', '+4915123456789'],
  ['Falklands +500 12345', 'phone_international', '+500 12345'],
  ['dial 0044 20 7946 0958 from abroad', 'phone_international', '0044 20 7946 0958'],
  ['(+44 20 7946 0958)', 'phone_international', '+44 20 7946 0958'],
  ['<a href="tel:+4915123456789">', 'phone_international', '+4915123456789'],
  ['Phone:+49 30 1234567', 'phone_international', '+49 30 1234567'],
  // JSON-escaped newlines around the number (span attributes often hold JSON text).
  ['{"content":"Contact:\\n+44 20 7946 0958\\nThanks"}', 'phone_international', '+44 20 7946 0958'],
  // North American.
  ['office (415) 555-2671', 'phone_nanp', '(415) 555-2671'],
  ['cell 415-555-2671', 'phone_nanp', '415-555-2671'],
  ['fax 415.555.2671', 'phone_nanp', '415.555.2671'],
  ['toll free 1-800-555-0199', 'phone_nanp', '1-800-555-0199'],
  ['toll free 1 (800) 555-0199', 'phone_nanp', '1 (800) 555-0199'],
  ['call me at 415 555 2671', 'phone_nanp', '415 555 2671'],
  ['phone: 4155552671', 'phone_nanp', '4155552671'],
  // National formats with a trunk 0.
  ['UK mobile 07700 900123', 'phone_national', '07700 900123'],
  ['UK mobile 07700-900123', 'phone_national', '07700-900123'],
  ['London 020 7946 0958', 'phone_national', '020 7946 0958'],
  ['London (020) 7946 0958', 'phone_national', '(020) 7946 0958'],
  ['UK 01632 960123', 'phone_national', '01632 960123'],
  ['Manchester 0161 496 0123', 'phone_national', '0161 496 0123'],
  ['DE mobile 0151 12345678', 'phone_national', '0151 12345678'],
  ['DE mobile 0151-1234567', 'phone_national', '0151-1234567'],
  ['DE mobile 0151 01234567', 'phone_national', '0151 01234567'],
  ['Berlin 030 1234567', 'phone_national', '030 1234567'],
  ['Berlin 030/1234567', 'phone_national', '030/1234567'],
  ['Berlin (030) 12345678', 'phone_national', '(030) 12345678'],
  ['Berlin 030 12 34 56 78', 'phone_national', '030 12 34 56 78'],
  ['FR 06 12 34 56 78', 'phone_national', '06 12 34 56 78'],
  ['FR 06.12.34.56.78', 'phone_national', '06.12.34.56.78'],
  ['FR 06-12-34-56-78', 'phone_national', '06-12-34-56-78'],
  ['FR 01 23 45 67 89', 'phone_national', '01 23 45 67 89'],
  ['AU mobile 0412 345 678', 'phone_national', '0412 345 678'],
  ['AU mobile 04 1234 5678', 'phone_national', '04 1234 5678'],
  ['Sydney (02) 9876 5432', 'phone_national', '(02) 9876 5432'],
  ['Tokyo 03-1234-5678', 'phone_national', '03-1234-5678'],
  ['JP mobile 090-1234-5678', 'phone_national', '090-1234-5678'],
  ['Brussels 02 123 45 67', 'phone_national', '02 123 45 67'],
  ['IN 098765 43210', 'phone_national', '098765 43210'],
  ['(call 07700 900123)', 'phone_national', '07700 900123'],
  // Unseparated national numbers count after a phone cue.
  ['call me on 07700900123', 'phone_national', '07700900123'],
  ['Handy: 01511234567', 'phone_national', '01511234567'],
  ['Mobile: 0412345678', 'phone_national', '0412345678'],
  ['{"phone": "07700900123"}', 'phone_national', '07700900123'],
  // Indian mobiles without +91 count after a phone cue.
  ['call me on 98765 43210', 'phone_india', '98765 43210'],
  ['WhatsApp: 98765-43210', 'phone_india', '98765-43210'],
];

describe('phones: formats a user would write', () => {
  for (const [text, rule, value] of POSITIVES) {
    it(`${rule}: ${text}`, () => {
      expect(found(text)).toEqual([['phone', rule, value]]);
    });
  }

  it('several numbers in one sentence stay separate', () => {
    expect(found('call 020 7946 0958 / 07700 900123, or +33 6 12 34 56 78').map((f) => f[2])).toEqual([
      '020 7946 0958',
      '07700 900123',
      '+33 6 12 34 56 78',
    ]);
  });

  it('phone-named attributes: any plausible digit count, even unseparated or stored as an integer', () => {
    expect(found('4915123456789', 'user.phone')).toEqual([['phone', 'phone_attribute', '4915123456789']]);
    expect(found('447700900123', 'msisdn')).toEqual([['phone', 'phone_attribute', '447700900123']]);
    expect(found('020 7946 0958', 'contact.phone_number')).toEqual([['phone', 'phone_national', '020 7946 0958']]);
    // A key that merely contains the letters is not a phone key.
    expect(found('4915123456789', 'telemetry.sdk.build')).toEqual([]);
  });
});

// Values that must not be reported as phones (some are other kinds: cards, IPv4), by the family a user listed.
const NOT_PHONES: Array<[string, string]> = [
  ['epoch ms', '1736234241861'],
  ['epoch ns', '1736234241861000000'],
  ['epoch s', '1736234241'],
  ['ISO timestamp', '2025-01-10T12:34:56.789Z'],
  ['timestamp with space', '2025-01-10 12:34:56'],
  ['timestamp with offset', '2025-01-10T12:34:56+01:00'],
  ['timestamp with compact offset', '2025-01-10T12:34:56+0100'],
  ['date', '2025-01-10'],
  ['date dd/mm/yyyy', '10/01/2025'],
  ['date dd.mm.yyyy', '01.02.2025'],
  ['date then a count', 'on 01.02.2025 1234 requests'],
  ['time', '12:34:56'],
  ['time then number', 'at 12:30 0151 1234567'],
  ['duration', '1.234567s'],
  ['duration clock', '00:01:23.456'],
  ['duration words', '1h 02m 03s'],
  ['duration ms', 'took 1234567 ms'],
  ['version', '1.2.3'],
  ['version v', 'v1.2.3'],
  ['version zero', '0.12.3'],
  ['windows build', '10.0.19045.3803'],
  ['post release', 'vllm 0.6.3.post1'],
  ['uuid', '123e4567-e89b-12d3-a456-426614174000'],
  ['digit uuid', '12345678-1234-1234-1234-123456789012'],
  ['digit uuid leading 0', '01234567-8901-2345-6789-012345678901'],
  ['trace id', '56549cc3231a50d2480fe16d1e48232e'],
  ['span id', '6ceb9e8c5e970c97'],
  ['digit span id', '0123456789012345'],
  ['token count', '123456'],
  ['token sizes list', 'input 512 256 1024 tokens'],
  ['powers of two', '65536 32768'],
  ['max tokens', 'max_tokens=4096'],
  ['context length', 'context 131072'],
  ['price', '$0.0004'],
  ['price thousands', '$1,234.56'],
  ['price comma', '€ 0,99'],
  ['price that looks like NANP', '$415 555 2671'],
  ['price thousands spaced', '1 234 567,89 €'],
  ['cost', '0.0004111111111111111'],
  ['decimal', '0.1234567890123456'],
  ['decimals list', '0.5 0.25 0.125'],
  ['port', 'port 8443'],
  ['listen address', '0.0.0.0:8000'],
  ['port range', 'ports 60000-65535'],
  ['host port', 'localhost:11434'],
  ['ipv4', '10.12.200.7'],
  ['ipv4 padded', '010.001.002.003'],
  ['id in path', '/v1/users/4915123456789/profile'],
  ['id in URL', 'https://api.example.com/orders/07700900123'],
  ['grouped id in path', '/v1/orders/0151-1234567'],
  ['id in query', 'https://example.com/a?id=4155552671'],
  ['glued to letters', 'abc07700900123'],
  ['hyphenated id', 'order-07700-900123'],
  ['letters before groups', 'ORD020 7946 0958'],
  ['plus glued to a word', 'sha+4915123456789'],
  ['underscore id', 'id_4155552671'],
  ['letter before plus', 'x+44 20 7946 0958'],
  ['letters after', '07700 900123abc'],
  ['plus one', '+1'],
  ['percent', '+100%'],
  ['signed decimal', '+12.5'],
  ['scientific', '1e+10'],
  ['round delta', 'scored +1000000 points'],
  ['diff stat', 'diff +1234 -567'],
  ['zero country code', '+0 44 20 7946'],
  ['single-digit list after plus', '+1 2 3 4 5 6 7 8'],
  ['ISBN-13', 'ISBN 978-0-306-40615-7'],
  ['ISBN-10', '0-306-40615-2'],
  ['ZIP+4', '94105-1234'],
  ['zero-padded list', '01 02 03 04 05'],
  ['zero-padded list of four', '001 002 003 004'],
  ['HTTP', 'HTTP/1.1 200 OK'],
  ['GPU list', 'GPU 0 1 2 3 4 5 6 7'],
  ['counting', '1 2 3 4 5 6 7 8 9 10'],
  ['pid', 'pid 1234567'],
  ['order number without cue', 'order number 9876543210'],
  ['Indian-looking pair without cue', 'values 98765 43210'],
  ['NANP-looking without cue, spaces only', 'batch 512 555 2671'],
  ['invalid NANP area', 'call 123-555-0199'],
  ['N11 exchange', 'call 415-911-0199'],
  ['card', '4111 1111 1111 1111'],
  ['card dashes', '4111-1111-1111-1111'],
  ['card plain', '5555555555554444'],
];

describe('phones: no false positives', () => {
  for (const [what, text] of NOT_PHONES) {
    it(`${what}: ${text}`, () => {
      expect(found(text).filter((f) => f[0] === 'phone')).toEqual([]);
    });
  }

  it('cards stay cards and IPv4 stays IPv4', () => {
    expect(found('card 4111 1111 1111 1111')).toEqual([['credit_card', 'payment_card', '4111 1111 1111 1111']]);
    expect(found('host 10.12.200.7')).toEqual([['ip_address', 'ipv4', '10.12.200.7']]);
  });
});
