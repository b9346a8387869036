// Streams a simulator backfill in Prometheus text format (ms timestamps) into VictoriaMetrics.
import { createReadStream } from 'node:fs';
import http from 'node:http';

export function importIntoVictoriaMetrics(file: string, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/api/v1/import/prometheus`, { method: 'POST' }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () =>
        res.statusCode && res.statusCode < 300
          ? resolve()
          : reject(new Error(`VM import: HTTP ${res.statusCode} ${body}`))
      );
    });
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
}
