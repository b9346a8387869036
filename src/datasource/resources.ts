/**
 * Typed access to the backend's resources (`/api/datasources/uid/<uid>/resources/<path>`).
 * Shapes are normalized defensively so the editors keep working if a resource answers with a bare
 * array instead of an object (both forms are accepted).
 */

export interface SignalInfo {
  id: string;
  name: string;
  unit?: string;
  description?: string;
  /** Whether the backend found metrics for this signal in the connected Prometheus. */
  available: boolean;
  /** Area of operations from the catalog (Latency, Throughput, Errors, GPU …), for grouping. */
  area?: string;
}

export interface EnginesInfo {
  engines: Array<{ engine: string; instances?: number; models?: string[] }>;
  models: string[];
  gpus: Array<{ gpu_model: string; count: number }>;
}

const NORMALIZED = new Set(['model', 'instance', 'engine', 'gpu', 'gpu_model', 'hostname', 'pod', 'namespace']);

export type GetResource = (path: string, params?: Record<string, string | number | undefined>) => Promise<unknown>;

function pickArray(raw: unknown, key: string): unknown[] {
  if (Array.isArray(raw)) {
    return raw;
  }
  const obj = (raw ?? {}) as Record<string, unknown>;
  for (const k of [key, 'data']) {
    if (Array.isArray(obj[k])) {
      return obj[k] as unknown[];
    }
  }
  return [];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function toStrings(raw: unknown, key: string): string[] {
  return pickArray(raw, key)
    .map((v) => (typeof v === 'string' ? v : str((v as { name?: unknown; value?: unknown })?.name) ?? str((v as { value?: unknown })?.value)))
    .filter((v): v is string => Boolean(v));
}

export function toSignals(raw: unknown): SignalInfo[] {
  return pickArray(raw, 'signals').flatMap((item): SignalInfo[] => {
    if (typeof item === 'string') {
      return [{ id: item, name: item, available: true }];
    }
    const s = (item ?? {}) as Record<string, unknown>;
    const id = str(s.id);
    if (!id) {
      return [];
    }
    return [
      {
        id,
        name: str(s.name) ?? str(s.title) ?? id,
        unit: str(s.unit),
        description: str(s.description),
        available: s.available !== false,
        area: str(s.area),
      },
    ];
  });
}

export function toEngines(raw: unknown): EnginesInfo {
  const engines = pickArray(raw, 'engines').flatMap((e): EnginesInfo['engines'] => {
    if (typeof e === 'string') {
      return [{ engine: e }];
    }
    const o = (e ?? {}) as Record<string, unknown>;
    const engine = str(o.engine) ?? str(o.name) ?? str(o.id);
    // The backend reports titles too ("vLLM"); keep the id, which matches the `engine` label.
    if (!engine) {
      return [];
    }
    return [{ engine, instances: typeof o.instances === 'number' ? o.instances : undefined, models: toStrings(o.models, 'models') }];
  });
  const models = Array.from(new Set([...toStrings(raw, 'models'), ...engines.flatMap((e) => e.models ?? [])])).sort();
  const gpus = pickArray(raw, 'gpus').flatMap((g) => {
    const o = (g ?? {}) as Record<string, unknown>;
    const model = str(o.gpu_model) ?? str(o.model) ?? str(o.name);
    return model ? [{ gpu_model: model, count: typeof o.count === 'number' ? o.count : 1 }] : [];
  });
  return { engines, models, gpus };
}

/** The resource client the editors use; `get` is the datasource's `getResource`. */
export class Resources {
  constructor(private get: GetResource) {}

  async signals(): Promise<SignalInfo[]> {
    return toSignals(await this.get('signals'));
  }
  async metrics(match?: string): Promise<string[]> {
    return toStrings(await this.get('metrics', { match }), 'metrics');
  }
  /** Raw Prometheus label names (minus __name__), for group-by and filters beyond the normalized ones. */
  async labels(signal?: string): Promise<string[]> {
    return toStrings(await this.get('labels', { signal }), 'labels').filter((l) => l !== '__name__');
  }
  /**
   * Values of a label. Normalized labels (model, gpu_model …) go to `signal-label-values`, which
   * merges every engine's own spelling; other labels are raw Prometheus labels (`label-values`).
   */
  async labelValues(label: string, signal?: string): Promise<string[]> {
    const path = NORMALIZED.has(label) ? 'signal-label-values' : 'label-values';
    return toStrings(await this.get(path, { label, signal }), 'values');
  }
  async services(): Promise<string[]> {
    return toStrings(await this.get('jaeger/services'), 'services');
  }
  async operations(service: string): Promise<string[]> {
    return toStrings(await this.get('jaeger/operations', { service }), 'operations');
  }
  async engines(): Promise<EnginesInfo> {
    return toEngines(await this.get('engines'));
  }
}
