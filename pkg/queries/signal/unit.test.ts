import { describe, expect, it } from 'vitest';
import { SIGNAL_BY_ID } from '../../signals/catalog';
import { resultUnit } from './unit';

describe('resultUnit', () => {
  it('gives a share for a ratio, none for a histogram rate, else the signal unit', () => {
    expect(resultUnit(SIGNAL_BY_ID.get('http_error_rate')!, 'ratio')).toBe('percentunit');
    expect(resultUnit(SIGNAL_BY_ID.get('iteration_tokens')!, 'rate')).toBeUndefined();
    expect(resultUnit(SIGNAL_BY_ID.get('ttft')!, 'p95')).toBe('s');
    expect(resultUnit(SIGNAL_BY_ID.get('request_rate')!, 'rate')).toBe(SIGNAL_BY_ID.get('request_rate')!.unit);
  });
});
