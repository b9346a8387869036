// The plain bundle's start (darwin's packaging, which has no start-up snapshot to hide module evaluation)
// evaluates only what the handshake needs: reading the environment, the gRPC server, the handshake line.
// The query side (analytics, query handlers, upstream clients, zod, protobufjs' codecs, worker threads)
// loads on first use or after the handshake (pkg/start.ts). Measured by `npm run bench startup`.
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceStartPath, type StartPathTrace } from './start-path-trace';

/** Modules the start must not evaluate: each is loaded by the first query, or by the warm-up after the handshake. */
const DEFERRED: Array<string | RegExp> = [
  /^pkg\/analytics\//,
  /^pkg\/queries\//,
  /^pkg\/upstream\//,
  /^pkg\/signals\//,
  /^pkg\/model\//,
  'pkg/datasource/plugin.ts',
  'pkg/compute/tasks.ts',
  'zod',
  'protobufjs',
];

describe('the start path of the plain bundle', () => {
  let dir: string;
  let trace: StartPathTrace;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'llmops-start-path-'));
    trace = await traceStartPath(dir);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records the modules it evaluates (the server and gRPC are among them)', () => {
    expect(trace.evaluated).toEqual(expect.arrayContaining(['pkg/main.ts', 'pkg/start.ts', 'pkg/grafana/server.ts', '@grpc/grpc-js']));
  });

  it('evaluates none of the query side before the handshake', () => {
    const early = trace.evaluated.filter((m) => DEFERRED.some((d) => (typeof d === 'string' ? m === d : d.test(m))));
    expect(early).toEqual([]);
  });

  it('does not load node:worker_threads before the handshake (workers start with the first analytic query)', () => {
    expect(trace.builtins).not.toContain('worker_threads');
    expect(trace.builtins).toContain('http2');
  });
});
