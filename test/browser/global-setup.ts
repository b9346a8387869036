import { startEnvironment } from './environment';

/** Starts Prometheus + backend + harness once for all browser tests; workers read HARNESS_URL. */
export default async function globalSetup() {
  const env = await startEnvironment((m) => console.log(`[browser-env] ${m}`));
  process.env.HARNESS_URL = env.url;
  return async () => env.stop();
}
