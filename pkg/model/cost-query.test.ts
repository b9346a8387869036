import { describe, expect, it } from 'vitest';
import { validateQuery } from './validate';

const check = (q: Record<string, unknown>) => validateQuery('cost', q);

describe('cost query model: instant metric', () => {
  it('accepts a metric the view computes, defaulting to cost_per_million_tokens', () => {
    expect(check({ instant: true, view: 'by_model' })).toMatchObject({
      ok: true,
      query: { view: 'by_model', instant: true },
    });
    expect(check({ instant: true, view: 'by_gpu_model', metric: 'idle_cost_per_hour' })).toMatchObject({
      ok: true,
      query: { metric: 'idle_cost_per_hour' },
    });
    expect(check({ instant: true, metric: 'idle_share' })).toMatchObject({
      ok: true,
      query: { view: 'summary', metric: 'idle_share' },
    });
  });
  it('names the unknown metric and lists the valid ones', () => {
    const r = check({ instant: true, view: 'by_model', metric: 'cost_per_token' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(
      /^invalid cost query: metric: unknown metric "cost_per_token": expected one of "cost_per_million_tokens", "total_cost"/
    );
  });
  it('says which views have a metric and what this view offers instead', () => {
    const r = check({ instant: true, view: 'by_model', metric: 'idle_cost_per_hour' });
    expect(!r.ok && r.message).toBe(
      'invalid cost query: metric: "idle_cost_per_hour" is not computed for view "by_model" (only for "summary", "by_gpu_model"); ' +
        'for "by_model" choose one of "cost_per_million_tokens", "total_cost", "projected_monthly_cost", "gpu_cost_per_hour", "idle_share", "energy_cost"'
    );
  });
  it('rejects instant on views that are not one number per series', () => {
    const r = check({ instant: true, view: 'opportunities' });
    expect(!r.ok && r.message).toBe(
      'invalid cost query: view: an instant cost query needs view "summary", "by_model", "by_gpu_model" (got "opportunities"); turn instant off for "opportunities"'
    );
  });
  it('leaves table queries alone: metric only matters when instant', () => {
    expect(check({ view: 'over_time', metric: 'idle_cost_per_hour' }).ok).toBe(true);
    expect(check({ view: 'by_model', metric: 'idle_cost_per_hour', instant: false }).ok).toBe(true);
  });
});
