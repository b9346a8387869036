import { describe, expect, it } from 'vitest';
import { assertLabelName, assertRegex, escapeRegex, quoteLabelValue, UnsafeInputError } from './escape';
import { filterToMatcher, renderSelector } from './matchers';

describe('PromQL escaping', () => {
  it('keeps an injection attempt inside one string literal', () => {
    const evil = 'a"} or vector(1) or {x="';
    const sel = renderSelector('up', [{ label: 'job', op: '=', value: evil }]);
    expect(sel).toBe('up{job="a\\"} or vector(1) or {x=\\""}');
    // The literal ends only at the last quote: every inner quote is escaped.
    const literal = sel.slice('up{job='.length, -1);
    expect(literal.startsWith('"') && literal.endsWith('"')).toBe(true);
    expect(literal.slice(1, -1).replace(/\\./g, '')).not.toContain('"');
  });

  it('escapes backslashes, newlines and control characters', () => {
    expect(quoteLabelValue('a\\b')).toBe('"a\\\\b"');
    expect(quoteLabelValue('x\ny\tz')).toBe('"x\\ny\\tz"');
    expect(quoteLabelValue('\u0001')).toBe('"\\u0001"');
    expect(quoteLabelValue('llama-3.1 ünï')).toBe('"llama-3.1 ünï"');
  });

  it('rejects label names that are not identifiers', () => {
    expect(() => assertLabelName('model"} or vector(1)')).toThrow(UnsafeInputError);
    expect(() => assertLabelName('1abc')).toThrow(/not valid/);
    expect(assertLabelName('model_name')).toBe('model_name');
  });

  it('escapes regex metacharacters for exact values in alternations', () => {
    expect(escapeRegex('llama-3.1 (8b)|x')).toBe('llama-3\\.1 \\(8b\\)\\|x');
    expect(new RegExp(`^(?:${escapeRegex('a.b')})$`).test('axb')).toBe(false);
  });

  it('validates regexes and turns filter forms into matchers', () => {
    expect(() => assertRegex('(?=x)')).toThrow(/lookarounds/);
    expect(() => assertRegex('a(')).toThrow(/not valid/);
    expect(filterToMatcher('model', 'a.b')).toEqual({ label: 'model', op: '=', value: 'a.b' });
    expect(filterToMatcher('model', '/llama.*/')).toEqual({ label: 'model', op: '=~', value: 'llama.*' });
    expect(filterToMatcher('model', ['a.b', 'c'])).toEqual({ label: 'model', op: '=~', value: 'a\\.b|c' });
    expect(filterToMatcher('model', { op: '!~', value: 'x|y' })).toEqual({ label: 'model', op: '!~', value: 'x|y' });
  });
});
