import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const distDatasource = path.join(repoRoot, 'dist', 'datasource');
/** What Grafana starts on linux: shell launchers running the backend programs in runtime/linux_<arch>/. */
export const amd64Executable = path.join(distDatasource, 'gpx_llmops_linux_amd64');
export const arm64Executable = path.join(distDatasource, 'gpx_llmops_linux_arm64');

/** Integration tests run the built executable; a missing build is a failure, never a skip. */
export function requireExecutable(file: string = amd64Executable): string {
  try {
    accessSync(file, constants.X_OK);
  } catch {
    throw new Error(`${path.relative(repoRoot, file)} is missing or not executable: run npm run build:backend first`);
  }
  return file;
}
