// Streams a CallResource response. Grafana takes status and headers from the first message only and
// appends every message's body, so large bodies are split into chunks below the host's comfort zone.
import type { CallResourceResponse, ResourceSender } from './types';
import { toWireCallResourceResponse, validHttpStatus } from './wire';

export const RESOURCE_CHUNK_BYTES = 1024 * 1024;

/* eslint-disable @typescript-eslint/no-explicit-any -- grpc-js stream of wire objects */
export interface WireWriter {
  write(message: any): boolean;
}

export class ChunkingSender implements ResourceSender {
  private sentHeader = false;

  constructor(private readonly out: WireWriter) {}

  get started(): boolean {
    return this.sentHeader;
  }

  send(chunk: CallResourceResponse): void {
    const body = typeof chunk.body === 'string' ? Buffer.from(chunk.body) : (chunk.body ?? Buffer.alloc(0));
    let offset = 0;
    do {
      const piece = body.subarray(offset, offset + RESOURCE_CHUNK_BYTES);
      offset += piece.length;
      if (!this.sentHeader) {
        this.out.write(
          toWireCallResourceResponse({ status: validHttpStatus(chunk.status), headers: chunk.headers, body: piece })
        );
        this.sentHeader = true;
      } else if (piece.length > 0) {
        // Status and headers of later messages are ignored by the host; send body only.
        this.out.write({ code: validHttpStatus(chunk.status), headers: {}, body: piece });
      }
    } while (offset < body.length);
  }
}
