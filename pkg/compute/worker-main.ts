// Entry point of each compute worker thread (bundled on its own and embedded in the backend bundle).
import { serveTasks } from '../grafana/worker-runtime';
import { computeTasks } from './tasks';

serveTasks(computeTasks);
