// CheckHealth for the data engine: settings valid, Prometheus reachable (version when the server
// tells), engines and GPUs found, Jaeger reachable when configured. Details are a JSON object the
// app's overview page reads; they never contain secrets.
import type { CheckHealthResult } from '../grafana/types';
import { FAMILIES } from '../signals/families';
import { familyMetrics, inventoryExpr } from '../signals/inventory';
import { UpstreamError } from '../upstream/errors';
import { now as clockNow } from './clock';
import type { DatasourceInstance } from './instance';
import { MISSING_URL_MESSAGE } from './settings';

const MAX_LISTED = 200;

export async function checkDataEngineHealth(instance: DatasourceInstance): Promise<CheckHealthResult> {
  if (!instance.settings.ok) {
    const { errors } = instance.settings;
    if (errors.length === 1 && errors[0] === MISSING_URL_MESSAGE) {
      return { status: 'ERROR', message: MISSING_URL_MESSAGE, details: { missing: ['url'] } };
    }
    return { status: 'ERROR', message: `Settings need attention: ${errors.join(' ')}`, details: { errors } };
  }
  const data = instance.data();
  const details: Record<string, unknown> = { prometheus: { url: data.settings.prometheus.url } };
  const problems: string[] = [];

  let detection;
  try {
    const [build, d] = await Promise.all([data.prometheus.buildInfo(), data.detector.get({ refresh: true })]);
    detection = d;
    details.prometheus = {
      url: data.settings.prometheus.url,
      version: build?.version ?? 'unknown (no /api/v1/status/buildinfo)',
      metricNames: d.metricNames.size,
    };
  } catch (e) {
    problems.push(messageOf(e));
  }

  if (detection) {
    const found = FAMILIES.filter((f) => detection.families.has(f.id));
    details.engines = found.filter((f) => f.domain === 'serving').map((f) => f.constants.engine);
    details.gpuExporters = found.filter((f) => f.domain === 'gpu').map((f) => f.constants.exporter);
    details.families = found.map((f) => ({ id: f.id, title: f.title }));
    try {
      const servingExpr = inventoryExpr(detection, 'serving', ['engine', 'model', 'instance']);
      const gpuExpr = inventoryExpr(detection, 'gpu', ['exporter', 'hostname', 'gpu', 'gpu_model']);
      const now = clockNow();
      const [serving, gpus] = await Promise.all([
        servingExpr ? data.prometheus.queryInstant(servingExpr, now) : undefined,
        gpuExpr ? data.prometheus.queryInstant(gpuExpr, now) : undefined,
      ]);
      const rows = serving?.result.map((s) => s.labels) ?? [];
      details.models = [...new Set(rows.map((l) => l.model).filter(Boolean))].sort();
      details.instances = rows
        .map((l) => ({ engine: l.engine ?? '', model: l.model ?? '', instance: l.instance ?? '' }))
        .sort((a, b) => a.instance.localeCompare(b.instance))
        .slice(0, MAX_LISTED);
      details.gpus = (gpus?.result.map((s) => s.labels) ?? [])
        .map((l) => ({
          hostname: l.hostname ?? '',
          gpu: l.gpu ?? '',
          gpuModel: l.gpu_model ?? '',
          exporter: l.exporter ?? '',
        }))
        .sort((a, b) => a.hostname.localeCompare(b.hostname) || Number(a.gpu) - Number(b.gpu))
        .slice(0, MAX_LISTED);
      details.gpuCount = gpus?.result.length ?? 0;
    } catch (e) {
      problems.push(`inventory query failed: ${messageOf(e)}`);
    }
  }

  if (data.jaeger) {
    try {
      const services = await data.jaeger.services();
      details.jaeger = { url: data.settings.jaeger!.url, services: services.slice(0, MAX_LISTED) };
    } catch (e) {
      problems.push(messageOf(e));
      details.jaeger = { url: data.settings.jaeger!.url, error: messageOf(e) };
    }
  }

  if (problems.length) return { status: 'ERROR', message: problems.join(' '), details };

  const engines = details.engines as string[];
  const gpuCount = (details.gpuCount as number | undefined) ?? 0;
  const version = (details.prometheus as { version: string }).version;
  const jaegerText = data.jaeger
    ? ` Jaeger reachable (${(details.jaeger as { services: string[] }).services.length} services).`
    : '';
  if (engines.length === 0 && gpuCount === 0) {
    const lookedFor = FAMILIES.filter((f) => f.domain === 'serving' || f.domain === 'gpu')
      .map((f) => `${f.title} (${familyMetrics(f.id).slice(0, 2).join(', ')} …)`)
      .join('; ');
    return {
      status: 'OK',
      message: `Connected to Prometheus ${version}, but no LLM-serving or GPU metrics were found in the last 7 days. Looked for: ${lookedFor}. Check that your scrape config includes the model servers and DCGM exporter.${jaegerText}`,
      details: { ...details, lookedFor: FAMILIES.map((f) => ({ family: f.title, metrics: familyMetrics(f.id) })) },
    };
  }
  const models = (details.models as string[]).length;
  return {
    status: 'OK',
    message: `Connected to Prometheus ${version}. Engines: ${engines.join(', ') || 'none'}; ${models} model(s), ${(details.instances as unknown[]).length} instance(s), ${gpuCount} GPU(s).${jaegerText}`,
    details,
  };
}

function messageOf(e: unknown): string {
  if (e instanceof UpstreamError) return e.message;
  return e instanceof Error ? e.message : String(e);
}
