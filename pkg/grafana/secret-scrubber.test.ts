import { describe, expect, it } from 'vitest';
import { formatLogLine } from './logger';
import { createScrubber, REDACTED, scrubDeep, stripUrlUserinfo } from './secret-scrubber';

const PASSWORD = 'pw Zebra/42+x';
const TOKEN = 'tok-Quokka-7f3a9c';
const HEADER = 'hdr-Narwhal-0b1d';
const scrub = createScrubber({ values: [PASSWORD, TOKEN, HEADER], basicAuth: [{ user: 'alice', password: PASSWORD }] });
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('secret scrubber', () => {
  it('removes every form a secret travels in', () => {
    const forms = [
      PASSWORD,
      TOKEN,
      HEADER,
      encodeURIComponent(PASSWORD),
      new URLSearchParams({ p: PASSWORD }).toString().slice(2),
      JSON.stringify(PASSWORD).slice(1, -1),
      b64(PASSWORD),
      b64(TOKEN),
      b64(`alice:${PASSWORD}`),
      b64(`alice:${PASSWORD}`).replace(/=+$/, ''),
      Buffer.from(TOKEN).toString('base64url'),
    ];
    for (const f of forms) {
      const out = scrub(`upstream said: <${f}> (end)`);
      expect(out, f).toBe(`upstream said: <${REDACTED}> (end)`);
    }
  });

  it('redacts credential headers echoed in any common layout, whatever their value', () => {
    const echoes = [
      'Authorization: Bearer some-other-token-123',
      '{"Authorization":["Bearer some-other-token-123"]}',
      'map[Authorization:[Basic c29tZTpvdGhlcg==] Cookie:[session=abc123]]',
      'cookie: session=abc123; theme=dark',
      'Set-Cookie: sid=abc123; Path=/; HttpOnly',
      'x-api-key=abc123',
    ];
    for (const e of echoes) {
      const out = scrub(e);
      expect(out, e).not.toMatch(/some-other-token-123|abc123|c29tZTpvdGhlcg/);
      expect(out).toContain(REDACTED);
    }
  });

  it('redacts Bearer/Basic credentials outside headers, but leaves ordinary words alone', () => {
    expect(scrub('got bearer eyJhbGciOi.J9x end')).toBe(`got bearer ${REDACTED} end`);
    expect(scrub(`Basic ${b64('bob:hunter2')}`)).toBe(`Basic ${REDACTED}`);
    const plain = 'Basic auth is on; check the bearer token or basic authentication settings.';
    expect(scrub(plain)).toBe(plain);
  });

  it('shows URLs without their user:password part', () => {
    expect(stripUrlUserinfo('bad URL "http://user:pass@host:99999/" here')).toBe('bad URL "http://host:99999/" here');
    expect(stripUrlUserinfo('http://u:p/w@rd@host:1/')).toBe('http://host:1/');
    expect(scrub('see https://token@example.com/x')).toBe('see https://example.com/x');
    expect(scrub('http://host:9090/api/v1/query')).toBe('http://host:9090/api/v1/query');
  });

  it('scrubs keys and values of nested JSON without changing its shape', () => {
    const v = { a: [TOKEN, { [HEADER]: 1, n: 2 }], b: null, c: true };
    expect(scrubDeep(v, scrub)).toEqual({ a: [REDACTED, { [REDACTED]: 1, n: 2 }], b: null, c: true });
  });

  it('ignores very short secrets instead of mangling every message', () => {
    const s = createScrubber({ values: ['a'] });
    expect(s('Prometheus answered')).toBe('Prometheus answered');
  });
});

describe('log lines', () => {
  it('carry no credential headers, bearer tokens or URL passwords, in the message or any field', () => {
    const line = formatLogLine('error', 'failed: Authorization: Bearer abc.def-123456', {
      error: new Error('GET http://u:hunter2@h:1/ failed'),
      detail: 'Cookie: session=s3cr3t',
    });
    expect(line).not.toMatch(/abc\.def-123456|hunter2|s3cr3t/);
    expect(line).toContain('http://h:1/');
  });
});
