// The worker script's source, put into the backend bundle at build time (esbuild `define`, see
// scripts/backend-bundle-options.ts): a single executable has no script file a Worker could load.
declare const LLMOPS_COMPUTE_WORKER_SOURCE: string | undefined;

// Read once when the module loads: inside a function, the long literal would be parsed again whenever V8
// compiles that function (at start, in a start-up snapshot build, where functions are compiled on first call).
const WORKER_SOURCE = typeof LLMOPS_COMPUTE_WORKER_SOURCE === 'string' ? LLMOPS_COMPUTE_WORKER_SOURCE : undefined;

export function bundledWorkerSource(): string | undefined {
  return WORKER_SOURCE;
}
