// Re-checks frame metadata the way Grafana's Go code unmarshals it (encoding/json into fixed structs:
// FrameMeta, FieldConfig, Labels). Unknown keys are dropped like Go does; a wrong type throws, because in
// Grafana it fails the whole QueryData response. Returns the value as Go would re-serialise it.

export class GoDecodeError extends Error {
  override name = 'GoDecodeError';
}

type Obj = Record<string, unknown>;
type Rule = (v: unknown, path: string) => unknown;

function fail(path: string, want: string, v: unknown): never {
  throw new GoDecodeError(`json: cannot unmarshal ${JSON.stringify(v)} into Go value of type ${want} (at ${path})`);
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// Each rule returns the decoded value, or undefined when Go would leave the zero value (null input).
const string: Rule = (v, p) => (v === null ? undefined : typeof v === 'string' ? v : fail(p, 'string', v));
const bool: Rule = (v, p) => (v === null ? undefined : typeof v === 'boolean' ? v : fail(p, 'bool', v));
const float: Rule = (v, p) => (v === null ? undefined : typeof v === 'number' ? v : fail(p, 'float64', v));
const int: Rule = (v, p) => (v === null ? undefined : Number.isInteger(v) ? v : fail(p, 'int', v));
const uint =
  (max: number, name: string): Rule =>
  (v, p) =>
    v === null ? undefined : Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max ? v : fail(p, name, v);
const any: Rule = (v) => v;
const object: Rule = (v, p) => (v === null ? undefined : isObj(v) ? v : fail(p, 'map[string]interface {}', v));
const arrayOf =
  (item: Rule): Rule =>
  (v, p) =>
    v === null ? undefined : Array.isArray(v) ? v.map((x, i) => item(x, `${p}[${i}]`)) : fail(p, 'slice', v);
/** ConfFloat64: a JSON number, or null (read as -Infinity, written back as null). */
const confFloat: Rule = (v, p) => (v === null ? null : typeof v === 'number' ? v : fail(p, 'data.ConfFloat64', v));

function struct(fields: Record<string, Rule>, options: { strict?: boolean; name: string }): Rule {
  return (v, p) => {
    if (v === null) return undefined;
    if (!isObj(v)) fail(p, options.name, v);
    const out: Obj = {};
    for (const [k, raw] of Object.entries(v)) {
      const rule = fields[k];
      if (!rule) {
        if (options.strict) throw new GoDecodeError(`${options.name}: unexpected field ${k} (at ${p})`);
        continue; // Go drops unknown keys
      }
      const decoded = rule(raw, `${p}.${k}`);
      if (decoded !== undefined) out[k] = decoded;
    }
    return out;
  };
}

const noticeSeverity: Rule = (v, p) => {
  if (v === 'info' || v === 'warning' || v === 'error') return v;
  throw new GoDecodeError(`unrecognized notice severity ${String(v)} (at ${p})`);
};

const threshold = struct(
  { value: (v) => (typeof v === 'number' ? v : null), color: string, state: string },
  { strict: true, name: 'data.Threshold' }
);

const valueMapping: Rule = (v, p) => {
  if (!isObj(v)) fail(p, 'data.ValueMapping', v);
  if (!['value', 'range', 'regex', 'special'].includes(v.type as string)) {
    throw new GoDecodeError(`unknown value mapping type ${JSON.stringify(v.type)} (at ${p})`);
  }
  return v;
};

const dataLink = struct(
  {
    title: string,
    targetBlank: bool,
    url: string,
    internal: struct(
      {
        query: any,
        datasourceUid: string,
        datasourceName: string,
        panelsState: any,
        transformations: arrayOf(object),
        timeRange: struct({ from: string, to: string }, { name: 'data.TimeRange' }),
      },
      { name: 'data.InternalDataLink' }
    ),
  },
  { name: 'data.DataLink' }
);

const fieldConfigFields: Record<string, Rule> = {
  displayName: string,
  displayNameFromDS: string,
  path: string,
  description: string,
  filterable: bool,
  writeable: bool,
  unit: string,
  decimals: uint(65535, 'uint16'),
  min: confFloat,
  max: confFloat,
  interval: float,
  mappings: arrayOf(valueMapping),
  thresholds: struct({ mode: string, steps: arrayOf(threshold) }, { name: 'data.ThresholdsConfig' }),
  color: object,
  links: arrayOf(dataLink),
  noValue: string,
  type: struct(
    {
      enum: struct(
        { text: arrayOf(string), color: arrayOf(string), icon: arrayOf(string), description: arrayOf(string) },
        { name: 'data.EnumFieldConfig' }
      ),
    },
    { name: 'data.FieldTypeConfig' }
  ),
  custom: object,
};

const fieldConfig = struct(fieldConfigFields, { name: 'data.FieldConfig' });

const frameMeta = struct(
  {
    type: string,
    typeVersion: (v, p) => {
      if (v === null) return undefined;
      if (!Array.isArray(v)) fail(p, '[2]uint', v);
      const out = [0, 0];
      v.slice(0, 2).forEach((x, i) => (out[i] = uint(2 ** 32 - 1, 'uint')(x, `${p}[${i}]`) as number));
      return out;
    },
    path: string,
    pathSeparator: string,
    custom: any,
    stats: arrayOf(struct({ ...fieldConfigFields, value: float }, { name: 'data.QueryStat' })),
    notices: arrayOf(
      struct({ severity: noticeSeverity, text: string, link: string, inspect: int }, { name: 'data.Notice' })
    ),
    channel: string,
    preferredVisualisationType: string,
    preferredVisualisationPluginId: string,
    executedQueryString: string,
    dataTopic: string,
    uniqueRowIdFields: arrayOf(int),
  },
  { name: 'data.FrameMeta' }
);

function parse(json: string, what: string): unknown {
  try {
    return JSON.parse(json);
  } catch (err) {
    throw new GoDecodeError(`${what} is not valid JSON: ${(err as Error).message}`);
  }
}

/** FrameMeta as Grafana re-serialises it: known keys only, typeVersion always present. */
export function decodeFrameMeta(json: string): Obj {
  const meta = (frameMeta(parse(json, 'frame meta'), 'meta') ?? {}) as Obj;
  const out: Obj = {};
  // Go struct field order, as the JSON writer emits them.
  for (const key of [
    'type',
    'typeVersion',
    'path',
    'pathSeparator',
    'custom',
    'stats',
    'notices',
    'channel',
    'preferredVisualisationType',
    'preferredVisualisationPluginId',
    'executedQueryString',
    'dataTopic',
    'uniqueRowIdFields',
  ]) {
    if (key === 'typeVersion') out[key] = meta[key] ?? [0, 0];
    else if (
      meta[key] !== undefined &&
      meta[key] !== '' &&
      !(Array.isArray(meta[key]) && (meta[key] as []).length === 0)
    ) {
      out[key] = meta[key];
    }
  }
  for (const n of (out.notices as Obj[] | undefined) ?? []) {
    n.severity ??= 'info';
    n.text ??= '';
    if (n.inspect === 0) delete n.inspect;
  }
  return out;
}

export function decodeFieldConfig(json: string): Obj {
  const config = (fieldConfig(parse(json, 'field config'), 'config') ?? {}) as Obj;
  const out: Obj = {};
  // omitempty as in the Go struct: pointer fields (filterable, writeable, decimals, min, max, thresholds,
  // type) keep zero values; strings, interval, slices and maps are dropped when empty.
  const pointers = new Set(['filterable', 'writeable', 'decimals', 'min', 'max', 'thresholds', 'type']);
  for (const key of Object.keys(fieldConfigFields)) {
    const v = config[key];
    if (v === undefined) continue;
    if (!pointers.has(key) && isEmpty(v)) continue;
    out[key] = v;
  }
  return out;
}

function isEmpty(v: unknown): boolean {
  if (v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isObj(v) && Object.keys(v).length === 0;
}

/** Labels: a JSON object of strings; `null` means no labels. */
export function decodeLabels(json: string): Record<string, string> | undefined {
  const v = parse(json, 'labels');
  if (v === null) return undefined;
  if (!isObj(v)) fail('labels', 'data.Labels', v);
  const out: Record<string, string> = {};
  for (const k of Object.keys(v).sort()) {
    const value = v[k];
    if (typeof value !== 'string') fail(`labels.${k}`, 'string', value);
    out[k] = value;
  }
  return out;
}
