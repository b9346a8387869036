import { startEnvironment } from './environment';

/** Starts Prometheus + Jaeger + backend + harness once for all browser tests; workers read HARNESS_URL, JAEGER_URL and GROUND_TRUTH_FILE. */
export default async function globalSetup() {
  const env = await startEnvironment((m) => console.log(`[browser-env] ${m}`));
  process.env.HARNESS_URL = env.url;
  process.env.JAEGER_URL = env.jaegerUrl;
  process.env.GROUND_TRUTH_FILE = env.groundTruthFile;
  return async () => env.stop();
}
