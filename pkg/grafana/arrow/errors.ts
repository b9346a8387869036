/** Thrown for a frame Grafana would reject; the dispatcher turns it into a per-query 500. */
export class FrameEncodingError extends Error {
  override name = 'FrameEncodingError';
}
