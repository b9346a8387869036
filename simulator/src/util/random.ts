// Stateless, seeded randomness. Every random draw is a hash of (seed, stream, entity, step), so a value
// never depends on how many draws happened before it: live mode and backfill compute the same number for
// the same instance at the same step, whatever order they evaluate things in.

/** 32-bit avalanche mix (murmur3 finaliser). */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of any number of integer parts (each folded to 32 bits). */
export function hash32(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    // Fold doubles beyond 32 bits (step indices are ~1e8, fine; epoch ms is not) into the hash.
    const lo = p | 0;
    const hi = Math.floor(p / 4294967296) | 0;
    h = mix32(h ^ lo);
    h = mix32(h ^ hi ^ 0x27d4eb2d);
  }
  return h;
}

/** Stable 32-bit hash of a string (FNV-1a then mixed). */
export function strHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h >>> 0);
}

/** Uniform in [0, 1). */
export function rand01(...parts: number[]): number {
  return hash32(...parts) / 4294967296;
}

/** Standard normal (Box–Muller on two independent hashes). */
export function randNormal(...parts: number[]): number {
  const u1 = Math.max(1e-12, rand01(...parts, 1));
  const u2 = rand01(...parts, 2);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Smooth noise in about [-1, 1]: random knots every `periodSec`, cosine-interpolated between them, so a
 * series wanders instead of jumping every step.
 */
export function smoothNoise(seed: number, key: number, tSec: number, periodSec: number): number {
  const x = tSec / periodSec;
  const i = Math.floor(x);
  const f = x - i;
  const a = rand01(seed, key, i) * 2 - 1;
  const b = rand01(seed, key, i + 1) * 2 - 1;
  const w = (1 - Math.cos(Math.PI * f)) / 2;
  return a * (1 - w) + b * w;
}

/** Lower-case hex string of `bytes` bytes, derived from the parts (trace and span ids). */
export function hexId(bytes: number, ...parts: number[]): string {
  let out = '';
  for (let i = 0; out.length < bytes * 2; i++) {
    out += hash32(...parts, i).toString(16).padStart(8, '0');
  }
  out = out.slice(0, bytes * 2);
  // An all-zero id is invalid in OTLP; practically impossible, but make it impossible.
  return /^0+$/.test(out) ? '1'.padStart(bytes * 2, '0') : out;
}
