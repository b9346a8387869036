// Plugin archives as Grafana's catalog and `grafana cli --pluginUrl` take them: one top folder named by
// the plugin id holding dist/. One zip per platform (only that platform's executable and runtime) named
// `<id>-<version>.<os>_<arch>.zip`, and `<id>-<version>.zip` with every platform.
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LINUX_RUNTIMES, PLATFORMS, entryName, platformId, type Platform } from './platforms';
import { writeZip, zipEntry, type ZipEntry } from './zip';

/** The per-platform archive goal (issue 16: 40 MB, read as 40,000,000 bytes, the stricter reading). */
export const PLATFORM_ZIP_LIMIT_BYTES = 40_000_000;

export interface Archive {
  file: string;
  bytes: number;
  /** Set for per-platform archives. */
  limitBytes?: number;
}

function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, r));
    else if (e.isFile()) out.push(r);
  }
  return out.sort();
}

/** The platform a dist file belongs to, or undefined when every platform needs it. */
export function platformOfFile(rel: string): Platform | undefined {
  return PLATFORMS.find(
    (p) => rel === `datasource/${entryName(p)}` || (p.goos === 'linux' && rel.startsWith(`datasource/${LINUX_RUNTIMES[p.goarch].dir}/`))
  );
}

export function buildArchives(dist: string, outDir: string): Archive[] {
  const plugin = JSON.parse(readFileSync(path.join(dist, 'plugin.json'), 'utf8')) as { id: string; info: { version: string } };
  const top = plugin.id;
  const files = listFiles(dist);
  const entries = new Map<string, ZipEntry>();
  const entryFor = (rel: string): ZipEntry => {
    let e = entries.get(rel);
    if (!e) {
      const name = `${top}/${rel}`;
      e = rel === '' || rel.endsWith('/')
        ? zipEntry(name, Buffer.alloc(0), 0o755)
        : zipEntry(name, readFileSync(path.join(dist, rel)), statSync(path.join(dist, rel)).mode & 0o111 ? 0o755 : 0o644);
      entries.set(rel, e);
    }
    return e;
  };
  // Directories first (Grafana's installer creates what the entries name), then the files.
  const select = (keep: (p: Platform | undefined) => boolean) => {
    const chosen = files.filter((rel) => keep(platformOfFile(rel)));
    const dirs = new Set<string>(['']);
    for (const rel of chosen) for (let d = path.posix.dirname(rel); d !== '.'; d = path.posix.dirname(d)) dirs.add(`${d}/`);
    return [...[...dirs].sort().map(entryFor), ...chosen.map(entryFor)];
  };
  mkdirSync(outDir, { recursive: true });
  const base = `${plugin.id}-${plugin.info.version}`;
  const archives: Archive[] = [];
  for (const p of PLATFORMS) {
    const file = path.join(outDir, `${base}.${platformId(p)}.zip`);
    archives.push({ file, bytes: writeZip(file, select((q) => q === undefined || q === p)), limitBytes: PLATFORM_ZIP_LIMIT_BYTES });
  }
  const all = path.join(outDir, `${base}.zip`);
  archives.push({ file: all, bytes: writeZip(all, select(() => true)) });
  return archives;
}
