// DCGM series name a GPU (hostname, gpu, pod); serving series name a model instance (model, instance,
// pod). Copying model/instance onto the GPU series whose pod matches lets the topology relate a GPU to
// the instance it serves. The pod is matched by its label, or by the host part of the serving
// `instance` (host:port) when the serving series carry no pod label.
import type { SignalSeries } from '../../analytics/rootcause/types';

export function joinGpusToServing(series: SignalSeries[]): void {
  const byPod = new Map<string, { model?: string; instance?: string }>();
  for (const s of series) {
    if (s.labels.gpu !== undefined || !s.labels.instance) continue;
    const who = { model: s.labels.model, instance: s.labels.instance };
    if (s.labels.pod) byPod.set(s.labels.pod, who);
    const host = s.labels.instance.replace(/:\d+$/, '');
    if (!byPod.has(host)) byPod.set(host, who);
  }
  for (const s of series) {
    if (s.labels.gpu === undefined || !s.labels.pod) continue;
    const who = byPod.get(s.labels.pod);
    if (!who) continue;
    if (who.model !== undefined && s.labels.model === undefined) s.labels.model = who.model;
    if (who.instance !== undefined && s.labels.instance === undefined) s.labels.instance = who.instance;
  }
}
