/**
 * Reads the icon names a Grafana version knows from its `@grafana/data` package (`availableIconsIndex`
 * in dist/esm/types/icon.{js,mjs}), without loading the package (it needs React and a browser).
 */
import fs from 'node:fs';
import path from 'node:path';

const INDEX_START = 'availableIconsIndex = {';

/** Icon names from the text of @grafana/data's icon module. Throws when the index is not found. */
export function parseIconIndex(moduleText: string): string[] {
  const start = moduleText.indexOf(INDEX_START);
  const end = start < 0 ? -1 : moduleText.indexOf('};', start);
  if (start < 0 || end < 0) {
    throw new Error('availableIconsIndex not found: is this @grafana/data dist/esm/types/icon.js?');
  }
  const body = moduleText.slice(start + INDEX_START.length, end);
  const names = [...body.matchAll(/^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*:\s*true\s*,?\s*$/gm)].map((m) => m[1] ?? m[2] ?? m[3]);
  if (names.length === 0) {
    throw new Error('availableIconsIndex is empty or in an unknown format');
  }
  return Array.from(new Set(names)).sort();
}

/** The icon module inside an installed @grafana/data package directory. */
export function iconModulePath(grafanaDataDir: string): string {
  for (const name of ['icon.mjs', 'icon.js']) {
    const file = path.join(grafanaDataDir, 'dist', 'esm', 'types', name);
    if (fs.existsSync(file)) {
      return file;
    }
  }
  throw new Error(`${grafanaDataDir}: no dist/esm/types/icon.{mjs,js}; pass the path of an installed @grafana/data`);
}

export function readIconList(grafanaDataDir: string): { version: string; names: string[] } {
  const pkg = JSON.parse(fs.readFileSync(path.join(grafanaDataDir, 'package.json'), 'utf8')) as { version: string };
  return { version: pkg.version, names: parseIconIndex(fs.readFileSync(iconModulePath(grafanaDataDir), 'utf8')) };
}
