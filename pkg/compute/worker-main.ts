// Entry point of each compute worker thread (bundled on its own and embedded in the backend bundle).
// Heavy analytics run below the event loop's priority (thread-priority.ts), so cheap queries, health
// checks and a co-located Prometheus get the CPU first.
import { lowerThisThreadPriority, threadNiceFrom } from '../grafana/thread-priority';
import { serveTasks } from '../grafana/worker-runtime';
import { computeTasks } from './tasks';

lowerThisThreadPriority(threadNiceFrom(process.env));
serveTasks(computeTasks);
