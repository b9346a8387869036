// GET selftest[?bytes=N]: a transport check that needs no upstream. Reports the size and SHA-256 of the
// request body it received and, when asked, returns a deterministic payload of N bytes (streamed in
// chunks by the runtime), so an operator or a test can verify large bodies travel intact both ways.
import { createHash } from 'node:crypto';
import { QueryError } from '../../grafana/errors';
import type { CallResourceResponse, CallResourceRequest } from '../../grafana/types';

export const MAX_SELFTEST_BYTES = 64 * 1024 * 1024;

export function selftestPayload(bytes: number): Buffer {
  const out = Buffer.allocUnsafe(bytes);
  for (let i = 0; i < bytes; i++) out[i] = 97 + (i % 26); // a..z repeated
  return out;
}

export async function selftestRoute(req: CallResourceRequest): Promise<CallResourceResponse> {
  const query = new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '');
  const requested = query.get('bytes');
  const received = {
    receivedBytes: req.body.length,
    receivedSha256: createHash('sha256').update(req.body).digest('hex'),
  };
  if (requested === null) {
    return {
      status: 200,
      headers: { 'Content-Type': ['application/json'] },
      body: JSON.stringify({ ok: true, ...received }),
    };
  }
  const bytes = Number(requested);
  if (!Number.isInteger(bytes) || bytes < 0 || bytes > MAX_SELFTEST_BYTES) {
    throw new QueryError(`bytes must be an integer from 0 to ${MAX_SELFTEST_BYTES}, got "${requested}"`, 400);
  }
  const payload = selftestPayload(bytes);
  return {
    status: 200,
    headers: {
      'Content-Type': ['application/octet-stream'],
      'X-Payload-Sha256': [createHash('sha256').update(payload).digest('hex')],
      'X-Received-Bytes': [String(received.receivedBytes)],
    },
    body: payload,
  };
}
