// Structural checks Grafana would otherwise only reveal at import or render time, as pure functions
// over dashboard JSON so they can be unit-tested on broken examples too.

export interface PanelLike {
  id?: number;
  type?: string;
  title?: string;
  gridPos?: { x: number; y: number; w: number; h: number };
  datasource?: { type?: string; uid?: string } | null;
  targets?: Array<Record<string, unknown>>;
  panels?: PanelLike[];
  [key: string]: unknown;
}

export interface DashboardLike {
  uid?: string;
  id?: unknown;
  schemaVersion?: number;
  tags?: string[];
  panels?: PanelLike[];
  templating?: { list?: Array<Record<string, unknown>> };
  annotations?: { list?: Array<Record<string, unknown>> };
  links?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/** Every panel, including those nested in collapsed rows. */
export function allPanels(d: DashboardLike): PanelLike[] {
  const out: PanelLike[] = [];
  const walk = (ps: PanelLike[] | undefined) => {
    for (const p of ps ?? []) {
      out.push(p);
      walk(p.panels);
    }
  };
  walk(d.panels);
  return out;
}

export function duplicatePanelIds(d: DashboardLike): number[] {
  const seen = new Set<number>();
  const dup = new Set<number>();
  for (const p of allPanels(d)) {
    if (typeof p.id !== 'number') continue;
    if (seen.has(p.id)) dup.add(p.id);
    seen.add(p.id);
  }
  return [...dup];
}

/**
 * Problems with gridPos: missing, outside 24 columns, or two panels covering the same cell. A collapsed
 * row's panels are placed as if it were open (Grafana moves what is below when it opens), so they are
 * checked among themselves, not against the panels below the row.
 */
export function gridProblems(d: DashboardLike): string[] {
  const groups: PanelLike[][] = [[]];
  for (const p of d.panels ?? []) {
    groups[0]!.push(p);
    if (p.type === 'row' && p.collapsed && p.panels?.length) groups.push(p.panels);
    else if (p.panels?.length) groups[0]!.push(...p.panels);
  }
  return groups.flatMap(placementProblems);
}

function placementProblems(panels: PanelLike[]): string[] {
  const problems: string[] = [];
  const placed: Array<{ title: string; g: NonNullable<PanelLike['gridPos']> }> = [];
  for (const p of panels) {
    const g = p.gridPos;
    const name = `${p.title ?? p.type} (id ${p.id})`;
    if (!g) {
      problems.push(`${name}: no gridPos`);
      continue;
    }
    if (![g.x, g.y, g.w, g.h].every((n) => Number.isInteger(n) && n >= 0) || g.w < 1 || g.h < 1) {
      problems.push(`${name}: gridPos must be non-negative integers with w, h ≥ 1`);
    }
    if (g.x + g.w > 24) problems.push(`${name}: x ${g.x} + w ${g.w} exceeds 24 columns`);
    for (const other of placed) {
      const o = other.g;
      const overlap = g.x < o.x + o.w && o.x < g.x + g.w && g.y < o.y + o.h && o.y < g.y + g.h;
      if (overlap) problems.push(`${name} overlaps ${other.title}`);
    }
    placed.push({ title: name, g });
  }
  return problems;
}

/** Grafana's datasource that reuses another panel's results (targets carry `panelId`). */
export const DASHBOARD_DS_UID = '-- Dashboard --';

/** Panels whose results another panel reuses must exist in the same dashboard (and not share themselves). */
export function badSharedQueries(d: DashboardLike): string[] {
  const panels = allPanels(d);
  const byId = new Map(panels.map((p) => [p.id, p]));
  const bad: string[] = [];
  for (const p of panels) {
    for (const t of p.targets ?? []) {
      const ds = t.datasource as { uid?: string } | undefined;
      if (ds?.uid !== DASHBOARD_DS_UID) continue;
      const source = byId.get(t.panelId as number);
      if (!source) bad.push(`panel "${p.title}" reuses missing panel ${String(t.panelId)}`);
      else if (
        (source.targets ?? []).some((x) => (x.datasource as { uid?: string } | undefined)?.uid === DASHBOARD_DS_UID)
      )
        bad.push(`panel "${p.title}" reuses "${source.title}", which itself reuses another panel`);
    }
  }
  return bad;
}

/** Datasource references that are not `${datasource}` of our type, Grafana's built-in, or expressions. */
export function badDatasourceRefs(d: DashboardLike, ourType: string): string[] {
  const bad: string[] = [];
  const check = (where: string, ref: unknown) => {
    if (ref === undefined || ref === null) return;
    if (typeof ref === 'string') {
      bad.push(`${where}: datasource given as a string "${ref}" (use {type, uid})`);
      return;
    }
    const r = ref as { type?: string; uid?: string };
    const ok =
      (r.type === ourType && r.uid === '${datasource}') ||
      r.uid === '-- Grafana --' ||
      r.uid === DASHBOARD_DS_UID ||
      (r.type === '__expr__' && r.uid === '__expr__') ||
      r.uid === '__expr__';
    if (!ok) bad.push(`${where}: datasource ${JSON.stringify(ref)}`);
  };
  for (const p of allPanels(d)) {
    check(`panel "${p.title}"`, p.datasource);
    for (const t of p.targets ?? []) check(`panel "${p.title}" target ${String(t.refId)}`, t.datasource);
  }
  for (const v of d.templating?.list ?? []) check(`variable ${String(v.name)}`, v.datasource);
  for (const a of d.annotations?.list ?? []) check(`annotation ${String(a.name)}`, a.datasource);
  return bad;
}

/** `$name`, `${name}`, `${name:format}`, `${name.path}`, `[[name]]` (Grafana's variable syntaxes). */
const VARIABLE_REF = /\$(\w+)|\$\{(\w+)(?:[.:][^}]*)?\}|\[\[(\w+)(?::\w+)?\]\]/g;

export function variableRefs(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(VARIABLE_REF)) {
    const name = m[1] ?? m[2] ?? m[3];
    // Built-ins ($__interval, ${__value.raw} …) and regex back-references ($1) are not variables.
    if (name && !name.startsWith('__') && !/^\d+$/.test(name)) names.push(name);
  }
  return names;
}

/** Variables referenced anywhere in the dashboard that the templating list does not define. */
export function undefinedVariables(d: DashboardLike): string[] {
  const defined = new Set((d.templating?.list ?? []).map((v) => String(v.name)));
  const used = new Set(variableRefs(JSON.stringify(d)));
  return [...used].filter((n) => !defined.has(n)).sort();
}

/** Variables defined but never referenced anywhere (panels, links, other variables' queries). */
export function unusedVariables(d: DashboardLike): string[] {
  const { templating, ...rest } = d;
  const usedOutside = new Set(variableRefs(JSON.stringify(rest)));
  // A variable may be used by another variable's query (chained variables).
  const list = templating?.list ?? [];
  for (const v of list) for (const n of variableRefs(JSON.stringify(v.query ?? ''))) usedOutside.add(n);
  return list.map((v) => String(v.name)).filter((n) => !usedOutside.has(n));
}

export type VariableValues = Record<string, string>;

/** A value per variable, as a user would get by default (All → `.*`, custom → current). */
export function defaultVariableValues(d: DashboardLike, overrides: VariableValues = {}): VariableValues {
  const values: VariableValues = {};
  for (const v of d.templating?.list ?? []) {
    const name = String(v.name);
    const current = (v.current as { value?: unknown } | undefined)?.value;
    if (v.type === 'datasource') values[name] = 'llmops-ds';
    else if (v.includeAll) values[name] = String(v.allValue ?? '.*');
    else if (typeof current === 'string' && current !== '') values[name] = current;
    else if (typeof v.query === 'string') values[name] = v.query.split(',')[0] ?? '';
    else values[name] = '';
  }
  return { ...values, ...overrides };
}

/** Replaces variable references in every string of `value` (what the frontend does before a query). */
export function interpolate<T>(value: T, values: VariableValues): T {
  if (typeof value === 'string') {
    return value.replace(VARIABLE_REF, (whole, a?: string, b?: string, c?: string) => {
      const name = a ?? b ?? c ?? '';
      return name in values ? values[name]! : whole;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, values)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, values)])) as T;
  }
  return value;
}

/** The query object as Grafana sends it to the backend: without datasource/hide, variables replaced. */
export function targetsOf(
  d: DashboardLike,
  values: VariableValues
): Array<{ panel: string; query: Record<string, unknown> }> {
  const out: Array<{ panel: string; query: Record<string, unknown> }> = [];
  for (const p of allPanels(d)) {
    for (const t of p.targets ?? []) {
      // Reused results of another panel: Grafana sends nothing for them.
      if (t.hide || (t.datasource as { uid?: string } | undefined)?.uid === DASHBOARD_DS_UID) continue;
      out.push({ panel: String(p.title), query: interpolate(t, values) });
    }
  }
  return out;
}
