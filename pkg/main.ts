// Executable entry point: the datasource backend Grafana starts as gpx_llmops_<os>_<arch>.
import { startBackend } from './start';

startBackend();
