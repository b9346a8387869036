import { describe, expect, it } from 'vitest';
import { maskValue, redactedExcerpt, redactText } from './redact';
import { findSensitive } from './scan';
import { scanSpans, type ScannableSpan } from './scan-trace';

describe('masks', () => {
  it('keep only what helps triage', () => {
    expect(maskValue({ kind: 'email', rule: 'email' }, 'olga.gonzalez@example.com')).toBe('o***@example.com');
    expect(maskValue({ kind: 'credit_card', rule: 'payment_card' }, '4111-1111-1111-1111')).toBe('****-****-****-1111');
    expect(maskValue({ kind: 'phone', rule: 'phone_international' }, '+1-415-555-0413')).toBe('+*-***-***-**13');
    expect(maskValue({ kind: 'ip_address', rule: 'ipv4' }, '10.12.200.7')).toBe('10.*.*.*');
    expect(maskValue({ kind: 'ip_address', rule: 'ipv6' }, '2001:db8::1')).toBe('2001:****');
    expect(maskValue({ kind: 'api_key', rule: 'openai_key' }, 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t')).toBe(
      'sk-proj-**** (32 chars)'
    );
    expect(maskValue({ kind: 'api_key', rule: 'bearer_token' }, 'Bearer abc123def456ghi789')).toBe(
      'Bearer **** (25 chars)'
    );
    expect(maskValue({ kind: 'api_key', rule: 'secret_assignment' }, 'hunter2x')).toBe('**** (8 chars)');
  });

  it('keep the shape of national phones and IPv6 forms', () => {
    expect(maskValue({ kind: 'phone', rule: 'phone_national' }, '07700 900123')).toBe('***** ****23');
    expect(maskValue({ kind: 'phone', rule: 'phone_international' }, '+44 (0)20 7946 0958')).toBe(
      '+** (*)** **** **58'
    );
    expect(maskValue({ kind: 'phone', rule: 'phone_national' }, '06 12 34 56 78')).toBe('** ** ** ** 78');
    expect(maskValue({ kind: 'ip_address', rule: 'ipv6' }, '2001:0db8:85a3:0000:0000:8a2e:0370:7334')).toBe(
      '2001:****'
    );
    expect(maskValue({ kind: 'ip_address', rule: 'ipv6' }, 'fe80::1ff:fe23:4567:890a%eth0')).toBe('fe80:****%eth0');
    expect(maskValue({ kind: 'ip_address', rule: 'ipv6' }, '::ffff:192.0.2.1')).toBe('::ffff:192.*.*.*');
    expect(maskValue({ kind: 'ip_address', rule: 'ipv6' }, '64:ff9b::192.0.2.33')).toBe('64:ff9b::192.*.*.*');
    expect(maskValue({ kind: 'ip_address', rule: 'ipv6' }, '::a:b:c:1234')).toBe('::****');
  });
});

describe('redacted excerpts', () => {
  const text = 'Please send the summary to olga.gonzalez@example.com and charge 4111111111111111, from 10.1.2.3 today.';
  const matches = findSensitive(text);

  it('mask every finding, not only the one the excerpt is about', () => {
    expect(matches.map((m) => m.kind)).toEqual(['email', 'credit_card', 'ip_address']);
    expect(redactText(text, matches).text).toBe(
      'Please send the summary to [o***@example.com] and charge [************1111], from [10.*.*.*] today.'
    );
    for (let i = 0; i < matches.length; i++) {
      const ex = redactedExcerpt(text, matches, i, 30);
      expect(ex).not.toContain('olga.gonzalez');
      expect(ex).not.toContain('4111111111111111');
      expect(ex).not.toContain('10.1.2.3');
    }
    expect(redactedExcerpt(text, matches, 1, 10)).toBe('…nd charge [************1111], from [10.*.*.*]…');
  });

  it('collapses whitespace and marks cuts', () => {
    const t = 'line one\n\n   call +1-415-555-0413\tnow';
    const m = findSensitive(t);
    expect(redactedExcerpt(t, m, 0, 6)).toBe('…call [+*-***-***-**13] now');
  });
});

describe('scanSpans', () => {
  const span = (over: Partial<ScannableSpan>): ScannableSpan => ({
    traceId: 'abc',
    spanId: 's1',
    operationName: 'chat',
    serviceName: 'gateway',
    startTime: 1_700_000_000_000_000,
    tags: [],
    logs: [],
    ...over,
  });

  it('finds values in attributes (strings and integers) and span events, with redacted excerpts', () => {
    const { findings, stats } = scanSpans([
      span({
        tags: [
          {
            key: 'gen_ai.input.messages',
            value: JSON.stringify([
              { role: 'user', parts: [{ type: 'text', content: 'my card is 5555555555554444' }] },
            ]),
          },
          { key: 'payment.card', value: 4111111111111111 },
          { key: 'gen_ai.usage.input_tokens', value: 812 },
          { key: 'cache.hit', value: false },
        ],
        logs: [
          {
            timestamp: 1_700_000_000_500_000,
            name: 'exception',
            fields: [{ key: 'exception.message', value: 'cannot reach 10.0.4.17:5432' }],
          },
        ],
      }),
      span({ traceId: 'def', spanId: 's2', tags: [{ key: 'gen_ai.prompt', value: 'Summarize the meeting notes.' }] }),
    ]);
    expect(findings.map((f) => [f.traceId, f.location, f.attribute, f.kind, f.timeMs])).toEqual([
      ['abc', 'attribute', 'gen_ai.input.messages', 'credit_card', 1_700_000_000_000],
      ['abc', 'attribute', 'payment.card', 'credit_card', 1_700_000_000_000],
      ['abc', 'event', 'exception: exception.message', 'ip_address', 1_700_000_000_500],
    ]);
    expect(findings[0]!.excerpt).toBe('…":[{"type":"text","content":"my card is [************4444]"}]}]');
    expect(findings[2]!.excerpt).toBe('cannot reach [10.*.*.*]:5432');
    expect(stats).toEqual({ traces: 2, spans: 2, values: 5 });
    expect(JSON.stringify(findings)).not.toMatch(/5555555555554444|4111111111111111|10\.0\.4\.17/);
  });

  it('new phone and IPv6 formats: found, redacted, raw digits nowhere in the findings', () => {
    const raw = [
      '07700 900123',
      '+44 (0)20 7946 0958',
      '06 12 34 56 78',
      '98765 43210',
      '[2001:db8:85a3::8a2e:370:7334]:8443',
      'fe80::1ff:fe23:4567:890a%eth0',
      '::ffff:198.51.100.7',
    ];
    const { findings } = scanSpans([
      span({
        tags: [
          {
            key: 'gen_ai.prompt',
            value: `Call me on ${raw[0]} or ${raw[1]}; in Paris ${raw[2]}, in Delhi call ${raw[3]}.`,
          },
          { key: 'gen_ai.completion', value: `The gateway at ${raw[4]} saw ${raw[5]} and ${raw[6]}.` },
          { key: 'user.phone', value: 4915123456789 },
        ],
      }),
    ]);
    expect(findings.map((f) => [f.attribute, f.kind, f.rule])).toEqual([
      ['gen_ai.prompt', 'phone', 'phone_national'],
      ['gen_ai.prompt', 'phone', 'phone_international'],
      ['gen_ai.prompt', 'phone', 'phone_national'],
      ['gen_ai.prompt', 'phone', 'phone_india'],
      ['gen_ai.completion', 'ip_address', 'ipv6'],
      ['gen_ai.completion', 'ip_address', 'ipv6'],
      ['gen_ai.completion', 'ip_address', 'ipv6'],
      ['user.phone', 'phone', 'phone_attribute'],
    ]);
    expect(findings[4]!.excerpt).toBe('The gateway at [[2001:****]]:8443 saw [fe80:****%eth0] and [::ffff:198.*.*.*]…');
    const all = JSON.stringify(findings);
    for (const v of [
      ...raw.map((r) => r.replace(/[[\]]|:8443$/g, '')),
      '4915123456789',
      '900123',
      '7946 0958',
      '43210',
      '8a2e:370:7334',
      '198.51.100.7',
    ]) {
      expect(all.includes(v), v).toBe(false);
    }
  });
});
