// The host side of go-plugin's handshake: read the first stdout line only, within a deadline, and
// fail if the process exits first, with go-plugin's own wording.
import type { ChildProcess } from 'node:child_process';

export interface Handshake {
  core: number;
  app: number;
  network: 'tcp' | 'unix';
  address: string;
  protocol: string;
  line: string;
}

export function parseHandshakeLine(raw: string): Handshake {
  const line = raw.trim();
  const parts = line.split('|');
  if (parts.length < 4) {
    throw new Error(
      `Unrecognized remote plugin message: ${line}\nThis usually means that the plugin is either invalid or simply needs to be recompiled`
    );
  }
  const core = Number(parts[0]);
  if (parts[0] !== '1')
    throw new Error(`Incompatible core API version with plugin. Plugin version: ${parts[0]}, Core version: 1`);
  const app = Number(parts[1]);
  if (parts[1] !== '2')
    throw new Error(`Incompatible API version with plugin. Plugin version: ${parts[1]}, Client versions: [2]`);
  const network = parts[2];
  if (network !== 'tcp' && network !== 'unix') throw new Error(`Unknown address type: ${parts[3]}`);
  const protocol = parts[4] ?? 'netrpc';
  if (protocol !== 'grpc') throw new Error(`Unsupported plugin protocol "${protocol}". Supported: [grpc]`);
  return { core, app, network, address: parts[3]!, protocol, line };
}

export interface HandshakeResult {
  handshake: Handshake;
  /** Milliseconds from spawn to the complete first line. */
  elapsedMs: number;
}

export const HANDSHAKE_TIMEOUT_MS = 60_000;

export function readHandshake(
  child: ChildProcess,
  startedAt: number,
  timeoutMs = HANDSHAKE_TIMEOUT_MS
): Promise<HandshakeResult> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let done = false;
    const finish = (err: Error | undefined, value?: HandshakeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(value!);
    };
    const onData = (chunk: Buffer) => {
      if (done) return; // later stdout lines are discarded, as Grafana does
      buffered += chunk.toString('utf8');
      const nl = buffered.indexOf('\n');
      if (nl < 0) return;
      const elapsedMs = performance.now() - startedAt;
      try {
        finish(undefined, { handshake: parseHandshakeLine(buffered.slice(0, nl)), elapsedMs });
      } catch (err) {
        finish(err as Error);
      }
    };
    const onExit = (code: number | null, signal: string | null) =>
      finish(new Error(`plugin exited before we could connect (code ${code}, signal ${signal})`));
    const timer = setTimeout(() => finish(new Error('timeout while waiting for plugin to start')), timeoutMs);
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}
