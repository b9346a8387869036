// Pins the operational detector's output, bit for bit, on fixed seeded inputs. The expected values are not
// computed here: they were written once by `npx tsx scripts/write-operational-fixture.ts` at the commit named
// in the fixture (main before the throughput work), so a speed change that alters any score, band or flag fails
// here. Regenerate the fixture only for an intended change of results, and say so in the commit.
import { describe, expect, it } from 'vitest';
import fixture from './__fixtures__/operational-pinned.json';
import { decodeScores, pinnedCases, summarise, type PinnedOutput } from './__fixtures__/operational-pinned-cases';
import { detectOperational } from './operational';

const pinned = new Map((fixture.cases as PinnedOutput[]).map((c) => [c.name, c]));

/** First index where two score columns differ in their bits (Object.is: NaN = NaN, 0 ≠ −0), or −1. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

describe('operational detector output pinned on fixed inputs', () => {
  const cases = pinnedCases();

  it('has a pinned output for every case and no stale ones', () => {
    expect(cases.map((c) => c.name).sort()).toEqual([...pinned.keys()].sort());
  });

  for (const c of cases) {
    it(c.name, () => {
      const want = pinned.get(c.name);
      expect(want, `no pinned output for "${c.name}"`).toBeDefined();
      const out = detectOperational(c.series, c.opts);
      const got = summarise(c.name, out);
      // Readable parts first, so a failure says what moved.
      if (want!.scores !== undefined) {
        const at = firstDifference(out.score, decodeScores(want!.scores));
        expect(at, at >= 0 ? `score ${at}: ${out.score[at]} vs pinned ${decodeScores(want!.scores)[at]}` : '').toBe(-1);
        expect(got.flags).toBe(want!.flags);
      }
      expect(got.flagged).toBe(want!.flagged);
      expect(got.windows).toEqual(want!.windows);
      expect(got.notices).toEqual(want!.notices);
      expect(got.stepMs).toBe(want!.stepMs);
      expect(got.points).toBe(want!.points);
      // Every column (expected, lower, upper, score, flag), bit for bit.
      expect(got.digest).toBe(want!.digest);
    });
  }
});
