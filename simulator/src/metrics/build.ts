// Builds the series table for a fleet: every instance in its flavour, DCGM for every GPU, node_exporter
// for every host, and the gateway.
import { instanceLabel, JOBS } from '../fleet/labels';
import type { SimContext } from '../model/state';
import { registerGeneric, registerOtel, registerSglang, registerTgi } from './engines';
import { registerDcgm, registerGateway, registerNode } from './infra';
import { registerLlamacpp } from './llamacpp';
import { Registry, type Labels } from './registry';
import { registerTriton } from './triton';
import { registerVllm } from './vllm';

/** Labels every serving series carries: the scrape target, and the Kubernetes pod it runs in. */
export function servingBaseLabels(ctx: SimContext, i: number): Labels {
  const inst = ctx.fleet.instances[i];
  return [
    ['job', JOBS[inst.flavour]],
    ['instance', instanceLabel(inst)],
    ['namespace', inst.namespace],
    ['pod', inst.name],
    ['node', inst.host],
  ];
}

/** Prometheus' own `up` per serving target, with the target's labels: 1 while it answers scrapes, 0 while it is down. */
function registerScrapeHealth(reg: Registry, ctx: SimContext): void {
  const fam = reg.family({ name: 'up', type: 'gauge', help: 'Scrape target health (written by Prometheus).' });
  const idx = ctx.fleet.instances.map((_, i) => reg.add(fam, 'up', servingBaseLabels(ctx, i)));
  reg.writer((s, v) => {
    s.instances.forEach((st, i) => (v[idx[i]] = st.down ? 0 : 1));
  });
}

export function buildRegistry(ctx: SimContext): Registry {
  const reg = new Registry();
  const ranges: Array<[number, number]> = [];
  // Runs first: an instance that is back after being down shows its series again (engine writers then
  // switch model-name variants on and off as usual).
  reg.writer((s, _v, act) => {
    s.instances.forEach((st, i) => {
      if (!st.down) act.fill(1, ranges[i][0], ranges[i][1]);
    });
  });
  ctx.fleet.instances.forEach((inst, i) => {
    const base = servingBaseLabels(ctx, i);
    const first = reg.size;
    switch (inst.flavour) {
      case 'vllm':
      case 'vllm_legacy':
        registerVllm(reg, ctx, i, base);
        break;
      case 'sglang':
        registerSglang(reg, ctx, i, base);
        break;
      case 'tgi':
        registerTgi(reg, ctx, i, base);
        break;
      case 'otel':
        registerOtel(reg, ctx, i, base);
        break;
      case 'generic':
        registerGeneric(reg, ctx, i, base);
        break;
      case 'triton':
        registerTriton(reg, ctx, i, base);
        break;
      case 'llamacpp':
        registerLlamacpp(reg, ctx, i, base);
        break;
    }
    ranges.push([first, reg.size]);
  });
  // A process that is down exposes nothing: every one of its series is absent (runs after the engine writers).
  reg.writer((s, _v, act) => {
    s.instances.forEach((st, i) => {
      if (st.down) act.fill(0, ranges[i][0], ranges[i][1]);
    });
  });
  if (ctx.scrapeHealth) registerScrapeHealth(reg, ctx);
  ctx.topo.gpus.forEach((_, g) => registerDcgm(reg, ctx, g));
  ctx.fleet.hosts.forEach((_, h) => registerNode(reg, ctx, h));
  registerGateway(reg, ctx, [...new Set(ctx.fleet.instances.map((i) => i.model))]);
  return reg.seal();
}
