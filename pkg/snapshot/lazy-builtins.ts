// Node 20 cannot save a start-up snapshot once node:http, node:http2, node:https or node:tls are loaded
// (their native bindings are not serializable: the build stops with "global handle not serialized"), and it
// does not vouch for node:worker_threads. The snapshot bundle (scripts/backend-bundle-options.ts) gives every
// module that requires one of these a stand-in from lazyBuiltin() instead: the real module is loaded at its
// first use, after the snapshot is deserialized. Modules only read `http2.constants` while they load
// (@grpc/grpc-js): the stand-in answers that from a copy the build took of this same Node version's.
import v8 from 'node:v8';

declare const LLMOPS_HTTP2_CONSTANTS: Record<string, string | number>;

/* eslint-disable @typescript-eslint/no-require-imports -- the real modules, loaded on first use */
const loaders: Record<string, () => object> = {
  http: () => require('node:http'),
  http2: () => require('node:http2'),
  https: () => require('node:https'),
  tls: () => require('node:tls'),
  worker_threads: () => require('node:worker_threads'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The value of `key` of the builtin `name`, loading the builtin on first use. The bundle's stand-in for each
 * builtin is an object with one getter per property the builtin has (listed by the build, same Node).
 */
export function lazyBuiltinGetter(name: string): (key: string) => unknown {
  const loader = loaders[name];
  if (!loader) throw new Error(`no lazy loader for node:${name}`);
  let real: Record<string, unknown> | undefined;
  return (key) => {
    if (real) return real[key];
    if (v8.startupSnapshot.isBuildingSnapshot()) {
      if (name === 'http2' && key === 'constants') return LLMOPS_HTTP2_CONSTANTS;
      throw new Error(`node:${name} (.${key}) was used while the start-up snapshot was built: move that use into startBackend()`);
    }
    real = loader() as Record<string, unknown>;
    return real[key];
  };
}
