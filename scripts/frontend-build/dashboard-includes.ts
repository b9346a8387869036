/**
 * Builds the app plugin.json `includes` entries for the dashboards shipped in `dashboards/`.
 * Generated from the files present at build time, so adding or removing a dashboard file never
 * leaves plugin.json pointing at something that is not shipped.
 */

export interface PluginInclude {
  type: string;
  name: string;
  path?: string;
  uid?: string;
  addToNav?: boolean;
  [key: string]: unknown;
}

export interface DashboardFile {
  /** File name inside `dashboards/`, e.g. `gpu-fleet.json`. */
  fileName: string;
  /** Raw file contents. */
  text: string;
}

export function dashboardInclude(file: DashboardFile): PluginInclude {
  let parsed: unknown;
  try {
    parsed = JSON.parse(file.text);
  } catch (err) {
    throw new Error(`dashboards/${file.fileName} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`dashboards/${file.fileName} must hold a dashboard object`);
  }
  const dashboard = parsed as { title?: unknown; uid?: unknown };
  const title = typeof dashboard.title === 'string' && dashboard.title.trim() ? dashboard.title.trim() : undefined;
  const include: PluginInclude = {
    type: 'dashboard',
    name: title ?? file.fileName.replace(/\.json$/i, ''),
    path: `dashboards/${file.fileName}`,
    addToNav: false,
  };
  if (typeof dashboard.uid === 'string' && dashboard.uid) {
    include.uid = dashboard.uid;
  }
  return include;
}

/** Replaces any dashboard includes in an app plugin.json with the ones for `files` (sorted by file name). */
export function withDashboardIncludes<T extends { includes?: PluginInclude[] }>(pluginJson: T, files: DashboardFile[]): T {
  const others = (pluginJson.includes ?? []).filter((inc) => inc.type !== 'dashboard');
  const dashboards = [...files]
    .filter((f) => f.fileName.toLowerCase().endsWith('.json'))
    .sort((a, b) => a.fileName.localeCompare(b.fileName))
    .map(dashboardInclude);
  return { ...pluginJson, includes: [...others, ...dashboards] };
}
