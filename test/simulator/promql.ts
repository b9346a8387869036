// Small Prometheus HTTP API helpers for the simulator's integration tests.
export interface PromSeries {
  metric: Record<string, string>;
  value?: [number, string];
  values?: [number, string][];
}

export async function promQuery(base: string, query: string, timeSec?: number): Promise<PromSeries[]> {
  const u = new URL('/api/v1/query', base);
  u.searchParams.set('query', query);
  if (timeSec !== undefined) u.searchParams.set('time', String(timeSec));
  const res = await fetch(u);
  const body = (await res.json()) as { status: string; data?: { result: PromSeries[] }; error?: string };
  if (body.status !== 'success') throw new Error(`${query}: ${body.error ?? res.status}`);
  return body.data!.result;
}

export async function promScalar(base: string, query: string, timeSec?: number): Promise<number> {
  const r = await promQuery(base, query, timeSec);
  if (r.length !== 1) throw new Error(`${query}: expected one series, got ${r.length}`);
  return Number(r[0].value![1]);
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
