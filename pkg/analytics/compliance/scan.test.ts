import { describe, expect, it } from 'vitest';
import { luhnValid } from './luhn';
import { cardIssuer } from './rules';
import { findSensitive } from './scan';

/** [kind, rule, matched text] for each finding. */
const found = (text: string, key?: string) => findSensitive(text, { key }).map((m) => [m.kind, m.rule, text.slice(m.start, m.end)]);

describe('Luhn and card issuers', () => {
  it('accepts valid test numbers and rejects one-digit changes', () => {
    for (const n of ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '4012888888881881', '4111 1111 1111 1111']) {
      expect(luhnValid(n), n).toBe(true);
    }
    for (const n of ['4111111111111112', '5555555555554445', '378282246310006', '1234567812345678']) expect(luhnValid(n), n).toBe(false);
  });
  it('knows issuers by prefix and length', () => {
    expect(cardIssuer('4111111111111111')).toBe('visa');
    expect(cardIssuer('5555555555554444')).toBe('mastercard');
    expect(cardIssuer('2221000000000009')).toBe('mastercard');
    expect(cardIssuer('378282246310005')).toBe('amex');
    expect(cardIssuer('6011111111111117')).toBe('discover');
    // Epoch timestamps (ms and ns) start with 1: no card network.
    expect(cardIssuer('1736234241861')).toBeUndefined();
    expect(cardIssuer('1736234241861000000')).toBeUndefined();
  });
});

describe('findSensitive: exact matches on crafted strings', () => {
  it('e-mail addresses', () => {
    expect(found('Please send the summary to olga.gonzalez@example.com before noon.')).toEqual([['email', 'email', 'olga.gonzalez@example.com']]);
    expect(found('mail <a.b+tag@sub.example.co.uk>, thanks')).toEqual([['email', 'email', 'a.b+tag@sub.example.co.uk']]);
  });

  it('phone numbers, international and NANP', () => {
    expect(found('call me on +1-415-555-0413 this afternoon')).toEqual([['phone', 'phone_international', '+1-415-555-0413']]);
    expect(found('ring +44 20 7946 0958 or +4915123456789.')).toEqual([
      ['phone', 'phone_international', '+44 20 7946 0958'],
      ['phone', 'phone_international', '+4915123456789'],
    ]);
    expect(found('office (415) 555-2671, mobile 415.555.2671')).toEqual([
      ['phone', 'phone_nanp', '(415) 555-2671'],
      ['phone', 'phone_nanp', '415.555.2671'],
    ]);
  });

  it('payment cards only when Luhn-valid and issued', () => {
    expect(found('Charge the renewal to card 4231912553310490 and send the receipt.')).toEqual([['credit_card', 'payment_card', '4231912553310490']]);
    expect(found('card 4111-1111-1111-1111 exp 12/29')).toEqual([['credit_card', 'payment_card', '4111-1111-1111-1111']]);
    expect(found('amex 3782 822463 10005.')).toEqual([['credit_card', 'payment_card', '3782 822463 10005']]);
    expect(found('card 4231912553310491 (typo)')).toEqual([]); // Luhn fails
    expect(found('order 1234567812345670')).toEqual([]); // Luhn-valid, no issuer
  });

  it('API keys and bearer tokens', () => {
    const sk = 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f';
    expect(found(`Here is my key ${sk}, why does it fail?`)).toEqual([['api_key', 'openai_key', sk]]);
    const bearer = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    expect(found(`Authorization: ${bearer} and still rejected`)).toEqual([['api_key', 'bearer_token', bearer]]);
    expect(found('jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefgh12')).toEqual([['api_key', 'jwt', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefgh12']]);
    expect(found('aws AKIAIOSFODNN7EXAMPLE key')).toEqual([['api_key', 'aws_access_key', 'AKIAIOSFODNN7EXAMPLE']]);
    expect(found('token ghp_0123456789abcdefghijABCDEFGHIJ012345 ok')).toEqual([['api_key', 'github_token', 'ghp_0123456789abcdefghijABCDEFGHIJ012345']]);
    expect(found('{"api_key": "9f8e7d6c5b4a3210"}')).toEqual([['api_key', 'secret_assignment', '9f8e7d6c5b4a3210']]);
    expect(found('password=hunter2x')).toEqual([['api_key', 'secret_assignment', 'hunter2x']]);
  });

  it('credentials by attribute key, placeholders excepted', () => {
    expect(found('["Basic dXNlcjpwYXNzd29yZA=="]', 'http.request.header.authorization')).toEqual([['api_key', 'secret_attribute', 'Basic dXNlcjpwYXNzd29yZA==']]);
    expect(found('[REDACTED]', 'http.request.header.authorization')).toEqual([]);
    expect(found('********', 'db.password')).toEqual([]);
  });

  it('IP addresses', () => {
    expect(found('Why can the service not reach the database at 10.12.200.7 since the deploy?')).toEqual([['ip_address', 'ipv4', '10.12.200.7']]);
    expect(found('client 203.0.113.45:8443 connected')).toEqual([['ip_address', 'ipv4', '203.0.113.45']]);
    expect(found('peer 2001:db8:85a3::8a2e:370:7334 dropped')).toEqual([['ip_address', 'ipv6', '2001:db8:85a3::8a2e:370:7334']]);
    // Loopback and unspecified addresses are infrastructure, not personal data.
    expect(found('listening on 0.0.0.0:8000 and 127.0.0.1, ::1')).toEqual([]);
  });

  it('several kinds in one text, each once', () => {
    expect(found('mail x.y@corp.example, card 5555555555554444, ip 192.168.1.20').map((f) => f[0])).toEqual(['email', 'credit_card', 'ip_address']);
  });
});

describe('findSensitive: no false positives on typical span attributes', () => {
  const clean: Array<[string, string]> = [
    ['trace_id', '56549cc3231a50d2480fe16d1e48232e'],
    ['span_id', '6ceb9e8c5e970c97'],
    ['request.uuid', '123e4567-e89b-12d3-a456-426614174000'],
    ['digits.uuid', '12345678-1234-1234-1234-123456789012'],
    ['service.version', '1.2.3.4'],
    ['telemetry.sdk.version', '1.27.0'],
    ['note', 'upgraded to version 10.2.3.4 yesterday'],
    ['note', 'release v1.2.3.4 is out'],
    ['timestamp', '2025-01-10T12:34:56.789Z'],
    ['epoch_ms', '1736234241861'],
    ['epoch_ns', '1736234241861000000'],
    ['gen_ai.request.model', 'meta-llama/Llama-3.1-8B-Instruct'],
    ['gen_ai.response.model', 'qwen2.5-7b-instruct@main'],
    ['duration', '1.234567s'],
    ['gen_ai.latency.e2e', '0.1234567890123456'],
    ['gen_ai.usage.input_tokens', '123456'],
    ['gen_ai.request.id', 'chatcmpl-abcdefghijklmnopqrst'],
    ['server.address', 'vllm-llama-8b-0.llm-serving.svc'],
    ['url.path', '/v1/chat/completions'],
    ['k8s.pod.uid', 'f47ac10b-58cc-4372-a567-0e02b2c3d479'],
    ['image', 'ghcr.io/org/vllm@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'],
    ['asset', 'icon@2x.png'],
    ['time', '12:34:56'],
    ['mac', '00:1a:2b:3c:4d:5e'],
    ['gen_ai.prompt', 'Explain the difference between a process and a thread to a new engineer.'],
    ['gen_ai.prompt', 'The secret: ingredient is love. Bearer bonds are described here in this long sentence.'],
    ['error.message', 'CUDA error: unspecified launch failure (Xid 79)'],
    ['cost', '0.0004111111111111111'],
    ['http.response.status_code', '200'],
    ['date', '2025-01-10'],
  ];
  for (const [key, value] of clean) {
    it(`${key} = ${value}`, () => {
      expect(findSensitive(value, { key })).toEqual([]);
    });
  }
});

describe('kind filter', () => {
  it('reports only the requested kinds', () => {
    const text = 'mail x.y@corp.example and 10.1.2.3';
    expect(findSensitive(text, { kinds: new Set(['ip_address']) }).map((m) => m.kind)).toEqual(['ip_address']);
  });
});
