import { describe, expect, it } from 'vitest';
import { jsonTooDeep } from './json-depth';

describe('jsonTooDeep', () => {
  it('counts nesting of objects and arrays, not brackets inside strings', () => {
    expect(jsonTooDeep('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(jsonTooDeep('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(jsonTooDeep(`{"s":"${'['.repeat(100)}"}`, 2)).toBe(false);
    expect(jsonTooDeep(`{"s":"\\"${'{'.repeat(100)}"}`, 2)).toBe(false);
    expect(jsonTooDeep('{"m":'.repeat(5000) + '1' + '}'.repeat(5000))).toBe(true);
  });
});
