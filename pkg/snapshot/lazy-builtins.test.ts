// The stand-ins for builtins Node 20 cannot snapshot: outside a snapshot build they load the real module on
// first use and answer from it (the build-time http2.constants copy is only for the snapshot build).
import http2 from 'node:http2';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { lazyBuiltinGetter } from './lazy-builtins';

describe('lazyBuiltinGetter', () => {
  it('answers from the real module once used', () => {
    expect(lazyBuiltinGetter('http2')('constants')).toBe(http2.constants);
    expect(lazyBuiltinGetter('tls')('connect')).toBe(tls.connect);
    expect(lazyBuiltinGetter('worker_threads')('isMainThread')).toBe(true);
  });

  it('refuses a builtin it has no loader for', () => {
    expect(() => lazyBuiltinGetter('net')).toThrow(/no lazy loader for node:net/);
  });
});
