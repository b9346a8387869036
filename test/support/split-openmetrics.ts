// Splits an OpenMetrics backfill into shards by scrape target (the `instance` label, else the host), the
// way a fleet is split across Prometheus servers (hashmod on the target). Metadata lines go to every shard.
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

const TARGET = /[{,](?:instance|Hostname|hostname)="([^"]*)"/;

async function* lines(file: string): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) yield line;
}

/** Writes `outs.length` shards; targets are dealt round-robin in sorted order, so shards are balanced. */
export async function splitOpenMetrics(file: string, outs: string[]): Promise<Array<{ file: string; targets: string[] }>> {
  const targets = new Set<string>();
  for await (const line of lines(file)) {
    if (line.startsWith('#')) continue;
    targets.add(TARGET.exec(line)?.[1] ?? '');
  }
  const sorted = [...targets].sort();
  const shardOf = new Map(sorted.map((t, i) => [t, i % outs.length]));
  const writers = outs.map((o) => createWriteStream(o, 'utf8'));
  const write = (w: (typeof writers)[number], s: string) =>
    w.write(s) ? undefined : new Promise<void>((r) => w.once('drain', () => r()));
  for await (const line of lines(file)) {
    if (line.startsWith('#')) {
      for (const w of writers) await write(w, line + '\n');
    } else {
      await write(writers[shardOf.get(TARGET.exec(line)?.[1] ?? '')!]!, line + '\n');
    }
  }
  await Promise.all(writers.map((w) => new Promise<void>((r) => w.end(() => r()))));
  return outs.map((o, k) => ({ file: o, targets: sorted.filter((_, i) => i % outs.length === k) }));
}
