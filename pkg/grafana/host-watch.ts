// Notices that the host (Grafana) is gone, so the plugin never outlives it: the parent process died
// (we were re-parented, or it no longer exists), or the host closed its end of our stdout/stderr (or of
// stdin, when stdin is a pipe). Writes failing with EPIPE are handled by the runtime; this module finds
// out without waiting for the next write. The /proc checks apply on Linux only; elsewhere the parent
// and socket/stdin checks remain.
import { fstatSync, read, readdirSync, readlinkSync } from 'node:fs';
import type { Logger } from './logger';

export interface HostWatchOptions {
  onGone: (reason: string) => void;
  log: Logger;
  /** How often the parent process and the pipes are checked. */
  pollMs?: number;
  /** stdin closing this soon after start is ignored (a host started with stdin at EOF, e.g. `</dev/null |`). */
  stdinGraceMs?: number;
}

export const HOST_POLL_MS = 500;

type StdioKind = 'socket' | 'fifo' | 'other';

function stdioKind(fd: number): StdioKind {
  try {
    const st = fstatSync(fd);
    return st.isSocket() ? 'socket' : st.isFIFO() ? 'fifo' : 'other';
  } catch {
    return 'other';
  }
}

/** What /proc shows for a pipe: `pipe:[inode]` (anonymous, as go-plugin makes them) or a named FIFO's path. */
function pipeId(fd: number): string | undefined {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

/**
 * Whether process `pid` still holds a pipe (its read end, for our stdout/stderr). Remembers where it
 * found it, so a check is normally one readlink. undefined: cannot tell (no /proc access).
 */
function holderCheck(pid: number, pipe: string): () => boolean | undefined {
  let lastFd: string | undefined;
  return () => {
    const dir = `/proc/${pid}/fd`;
    try {
      if (lastFd !== undefined && readlinkSync(`${dir}/${lastFd}`) === pipe) return true;
    } catch {
      // the fd was closed or the process is gone: rescan
    }
    let fds: string[];
    try {
      fds = readdirSync(dir);
    } catch {
      return undefined;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`${dir}/${fd}`) === pipe) {
          lastFd = fd;
          return true;
        }
      } catch {
        // closed while we looked
      }
    }
    return false;
  };
}

function parentAlive(ppid: number): boolean {
  if (process.ppid !== ppid) return false; // re-parented: the original parent exited
  try {
    process.kill(ppid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Starts watching; returns a function that stops it. Every timer is unref'd: it never keeps the process up. */
export function watchHost(opts: HostWatchOptions): () => void {
  const pollMs = opts.pollMs ?? HOST_POLL_MS;
  const startedAt = Date.now();
  let done = false;
  const gone = (reason: string) => {
    if (done) return;
    done = true;
    stop();
    opts.onGone(reason);
  };
  const stops: Array<() => void> = [];
  const stop = () => stops.splice(0).forEach((f) => f());

  // Parent process: go-plugin's host is our parent; when it dies we are re-parented (to 1 or a subreaper).
  const ppid = process.ppid;
  const checks: Array<() => void> = [];
  if (ppid > 1) checks.push(() => !parentAlive(ppid) && gone(`the parent process ${ppid} exited`));

  for (const [fd, name, stream] of [
    [1, 'stdout', process.stdout],
    [2, 'stderr', process.stderr],
  ] as const) {
    const kind = stdioKind(fd);
    if (kind === 'socket') {
      // A socket pair (what Node hosts give): the peer closing makes our end readable with EOF. The host
      // never writes to our stdout/stderr, so any read event means it closed its end.
      /* eslint-disable @typescript-eslint/no-explicit-any -- the stream's libuv handle is not public API */
      const handle = (stream as any)._handle;
      if (handle && typeof handle.readStart === 'function') {
        handle.onread = () => gone(`the host closed our ${name}`);
        if (handle.readStart() !== 0) opts.log.debug(`cannot watch ${name} for the host closing it`);
      } else {
        // Runtimes without Node's libuv handles (Bun): read the socket; EOF means the host closed it. A
        // blocking socket answers when that happens, a non-blocking one says EAGAIN until then: ask again.
        let timer: NodeJS.Timeout | undefined;
        const poll = () =>
          read(fd, Buffer.alloc(1), 0, 1, null, (err, n) => {
            if (done) return;
            if (err ? err.code !== 'EAGAIN' && err.code !== 'EWOULDBLOCK' : n === 0) gone(`the host closed our ${name}`);
            else timer = setTimeout(poll, pollMs).unref();
          });
        stops.push(() => clearTimeout(timer));
        poll();
      }
      /* eslint-enable @typescript-eslint/no-explicit-any */
    } else if (kind === 'fifo' && ppid > 1) {
      // A pipe (what Go hosts give: os.Pipe): nothing signals its reader going away before the next write.
      // The host holds the read end; check that it still does, if it did at start.
      const pipe = pipeId(fd);
      const holds = pipe ? holderCheck(ppid, pipe) : undefined;
      if (holds && holds() === true) checks.push(() => holds() === false && gone(`the host closed our ${name}`));
    }
  }

  const stdinKind = stdioKind(0);
  if (stdinKind === 'socket' || stdinKind === 'fifo') {
    const graceMs = opts.stdinGraceMs ?? 1000;
    const onEnd = () => {
      if (Date.now() - startedAt < graceMs) {
        opts.log.debug('stdin was closed at start; not watching it');
        return;
      }
      gone('the host closed our stdin');
    };
    process.stdin.on('end', onEnd);
    process.stdin.on('error', onEnd);
    process.stdin.on('data', () => {}); // nothing is expected on stdin; reading is only to see its end
    process.stdin.resume();
    stops.push(() => {
      process.stdin.off('end', onEnd);
      process.stdin.pause();
    });
  }

  if (checks.length) {
    const timer = setInterval(() => {
      for (const check of checks) if (!done) check();
    }, pollMs);
    timer.unref();
    stops.push(() => clearInterval(timer));
  }
  return stop;
}
