// The last step before anything goes back to Grafana: query errors, notices, health results and
// resource bodies pass through the datasource's scrubber (pkg/grafana/secret-scrubber.ts), whatever
// produced them, and error messages are cut to a readable length.
import type { DataResponse } from '../grafana/frame';
import { scrubDeep, type Scrub } from '../grafana/secret-scrubber';
import type { CallResourceResponse, CheckHealthResult } from '../grafana/types';

/** Longest error message sent: enough for any message of ours plus a quoted upstream excerpt. */
export const MAX_ERROR_CHARS = 2000;

export function clip(text: string, max = MAX_ERROR_CHARS): string {
  return text.length > max ? `${text.slice(0, max)}… (cut, ${text.length} characters)` : text;
}

export function scrubDataResponse(r: DataResponse, scrub: Scrub): DataResponse {
  const error = r.error === undefined ? undefined : clip(scrub(r.error));
  let frames = r.frames;
  if (frames.some((f) => f.meta?.notices?.length)) {
    frames = frames.map((f) =>
      f.meta?.notices?.length
        ? { ...f, meta: { ...f.meta, notices: f.meta.notices.map((n) => ({ ...n, text: clip(scrub(n.text)) })) } }
        : f
    );
  }
  return error === undefined ? { ...r, frames } : { ...r, frames, error };
}

export function scrubHealth(r: CheckHealthResult, scrub: Scrub): CheckHealthResult {
  return {
    ...r,
    message: clip(scrub(r.message), 8000),
    ...(r.details ? { details: scrubDeep(r.details, scrub) } : {}),
  };
}

/** JSON and text bodies are scrubbed; binary ones (selftest payloads) are sent as they are. */
export function scrubResource(r: CallResourceResponse, scrub: Scrub): CallResourceResponse {
  const type = Object.entries(r.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1]?.[0] ?? '';
  if (r.body === undefined || !/json|^text\//i.test(type)) return r;
  const text = typeof r.body === 'string' ? r.body : r.body.toString('utf8');
  if (/json/i.test(type)) {
    // Value by value: a replacement inside an escape sequence could otherwise break the JSON.
    try {
      return { ...r, body: JSON.stringify(scrubDeep(JSON.parse(text) as unknown, scrub)) };
    } catch {
      // not JSON after all: scrub it as text
    }
  }
  return { ...r, body: scrub(text) };
}
