// The worker script's source, put into the backend bundle at build time (esbuild `define`, see
// scripts/backend-bundle-options.ts): a single executable has no script file a Worker could load.
declare const LLMOPS_COMPUTE_WORKER_SOURCE: string | undefined;

export function bundledWorkerSource(): string | undefined {
  return typeof LLMOPS_COMPUTE_WORKER_SOURCE === 'string' ? LLMOPS_COMPUTE_WORKER_SOURCE : undefined;
}
