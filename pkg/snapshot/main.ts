// Entry point of a Node single executable application built with a V8 start-up snapshot: the build runs this
// file once, every module of the bundle is evaluated then, and the heap is saved in the executable. At start
// Node deserializes that heap and calls the function below, which reads the environment and opens the
// handles (workers, the gRPC server): a snapshot must hold none. Nothing may draw random bytes while the
// bundle loads either: Node refills its crypto random cache only when it runs out, so bytes drawn during the
// build would repeat in every process (Math.random is reseeded on deserialization).
import { returnArrayMethods } from './array-methods'; // first: node:http needs them while it loads
import { isIPv6 } from 'node:net';
import v8 from 'node:v8';
import { serviceNames } from '../grafana/protocol-descriptor';
import { prepareProtocol } from '../grafana/service-definitions';
// Evaluated into the snapshot: the plain start loads the compute tasks (and the analytics they import) on
// first use (pkg/compute/index.ts); here their evaluation costs nothing at start.
import '../compute/tasks';
import { startBackend } from '../start';

returnArrayMethods();
prepareProtocol(Object.values(serviceNames));
// The `performance` global loads node:perf_hooks on first use (the event-loop delay sampler's): load it into
// the snapshot. Node sets its time origin again when the snapshot is deserialized.
void performance.now();
// gRPC checks the address it binds with node:net's IPv6 pattern, a large regular expression: compile it now.
isIPv6('::1');
v8.startupSnapshot.setDeserializeMainFunction(() => startBackend());
