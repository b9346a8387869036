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

export function buildRegistry(ctx: SimContext): Registry {
  const reg = new Registry();
  ctx.fleet.instances.forEach((inst, i) => {
    const base = servingBaseLabels(ctx, i);
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
  });
  ctx.topo.gpus.forEach((_, g) => registerDcgm(reg, ctx, g));
  ctx.fleet.hosts.forEach((_, h) => registerNode(reg, ctx, h));
  registerGateway(reg, ctx, [...new Set(ctx.fleet.instances.map((i) => i.model))]);
  return reg.seal();
}
