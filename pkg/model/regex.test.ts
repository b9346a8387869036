import { describe, expect, it } from 'vitest';
import { filterRegex, quoteInput, regexProblem } from './regex';

describe('filter regexes', () => {
  it('rejects what RE2 cannot parse, accepts what it can', () => {
    for (const bad of ['[', '(', 'a{2,1}', '*', '(?=x)', 'a\\1', '[z-a]', '\\'])
      expect(regexProblem(bad), bad).toBeDefined();
    for (const ok of ['.*', 'a|b', 'llama-[0-9]+', '{', 'x{2,3}', '\\.']) expect(regexProblem(ok), ok).toBeUndefined();
  });

  it('finds the regex of each filter form', () => {
    expect(filterRegex('/a.*/')).toBe('a.*');
    expect(filterRegex({ op: '!~', value: 'b' })).toBe('b');
    expect(filterRegex({ op: '=', value: 'b' })).toBeUndefined();
    expect(filterRegex('plain')).toBeUndefined();
    expect(filterRegex(['/x/'])).toBeUndefined();
  });

  it('quotes inputs at most 200 characters long', () => {
    expect(quoteInput('x'.repeat(4_000_000)).length).toBeLessThan(210);
  });
});
