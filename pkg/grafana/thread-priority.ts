// Background threads yield the CPU: on Linux a thread's nice value is its own (setpriority on the
// calling thread, see setpriority(2) "Bugs"), so a compute worker can run below the event loop that
// answers panel queries and health checks, and below the Prometheus it shares a small host with.
// Elsewhere the same call would lower the whole process, so it does nothing there.
import { setPriority } from 'node:os';

export const THREAD_NICE_ENV = 'LLMOPS_COMPUTE_NICE';
/** Default nice of compute threads: below interactive work, above batch jobs at 19. */
export const DEFAULT_THREAD_NICE = 10;

/** The nice value asked for in `env` (0–19), the default when unset; null when it is not a valid value. */
export function threadNiceFrom(env: NodeJS.ProcessEnv): number | null {
  const raw = env[THREAD_NICE_ENV];
  if (raw === undefined || raw.trim() === '') return DEFAULT_THREAD_NICE;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 && n <= 19 ? n : null;
}

/**
 * Lowers the calling thread's CPU priority to `nice` on Linux. Returns what happened, for the log:
 * raising priority is never attempted (it needs privileges), and failure leaves the thread as it was.
 */
export function lowerThisThreadPriority(nice: number | null, platform: NodeJS.Platform = process.platform): 'lowered' | 'unchanged' | 'unsupported' | 'failed' {
  if (platform !== 'linux') return 'unsupported';
  if (nice === null || nice <= 0) return 'unchanged';
  try {
    setPriority(nice);
    return 'lowered';
  } catch {
    return 'failed';
  }
}
