import type { PeerEvent } from './peer-events';

export interface DescribeContext {
  /** Timestamps (epoch ms) of the points the event's indices refer to. */
  times: ArrayLike<number>;
  /** The departing series, e.g. "instance gpu-node-3:8000". */
  entity: string;
  /** What the peers have in common, e.g. "serving model llama-3-70b" (optional). */
  group?: string;
  /** Say the effect as a difference in this unit ("°C") instead of a ratio: for temperatures and other interval scales. */
  deltaUnit?: string;
}

/**
 * One sentence for annotations and root-cause evidence, e.g.
 * "instance gpu-node-3:8000 departs from its 7 peers serving model llama-3-70b: ×2.1 their median since 10:42 UTC, ongoing".
 */
export function describePeerEvent(e: PeerEvent, ctx: DescribeContext): string {
  const siblings = Math.max(e.peers - 1, 0);
  const group = ctx.group ? ` ${ctx.group}` : '';
  const effect =
    ctx.deltaUnit !== undefined || e.ratio === null
      ? `${e.delta >= 0 ? '+' : '−'}${round(Math.abs(e.delta))}${ctx.deltaUnit ? ` ${ctx.deltaUnit}` : ''} from their median`
      : `×${round(e.ratio)} their median`;
  const until = e.ongoing ? ', ongoing' : ` until ${clock(ctx.times[e.end])}`;
  return `${ctx.entity} departs from its ${siblings} peer${siblings === 1 ? '' : 's'}${group}: ${effect} since ${clock(ctx.times[e.onset])}${until}`;
}

/** Two significant digits for effects (×2.1, ×0.48, +15). */
function round(x: number): string {
  if (x === 0) return '0';
  const digits = Math.max(0, 1 - Math.floor(Math.log10(Math.abs(x))));
  return x.toFixed(Math.min(digits, 4));
}

function clock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}
