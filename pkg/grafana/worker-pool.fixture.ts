// Tasks for worker-pool.test.ts: a busy loop (to cancel), an echo, a thrower with a status.
import { serveTasks } from './worker-runtime';

class StatusError extends Error {
  constructor(message: string, readonly status: number, readonly source: string) {
    super(message);
    this.name = 'QueryError';
  }
}

serveTasks({
  echo: (input: unknown) => input,
  spin: (input: { ms: number }) => {
    const end = Date.now() + input.ms;
    let n = 0;
    while (Date.now() < end) n++;
    return n;
  },
  fail: (input: { status: number }) => {
    throw new StatusError('bad input', input.status, 'plugin');
  },
  crash: () => process.exit(3),
});
