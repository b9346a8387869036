// The state-step function. `step(prev, ctx)` returns the state one step later and never mutates `prev`;
// live mode and backfill both call it, so they produce the same numbers for the same seed and start.
//
// Per instance and step: arrivals → queue (fluid model, capacity from batch size and KV cache) → running
// batch → KV usage and preemptions → TTFT/ITL/E2E/queue-time distributions → counters. GPUs follow the
// batch (utilisation, power, temperature with lag, energy, clocks); hosts follow their GPUs.
import { GPU_TYPES } from '../fleet/catalog';
import { planFaults, effectsAt, type Effects } from '../scenario/effects';
import type { ResolvedFault } from '../scenario/scenario';
import { topology } from '../fleet/topology';
import type { Fleet } from '../fleet/types';
import { rand01, randNormal, smoothNoise } from '../util/random';
import { arrivalRate } from './demand';
import { HIST_SPECS, OTEL_DURATION } from './buckets';
import { cloneHist, lognormalCdf, newHist, observe, type Dist } from './histogram';
import {
  CPU_MODES,
  FINISH_REASONS,
  GATEWAY_CODES,
  type GatewayModelState,
  type GpuState,
  type HostState,
  type InstanceObs,
  type InstanceState,
  type SimContext,
  type SimState,
  type VariantAcc,
} from './state';

const AMBIENT_C = 27;
const THERMAL_TAU_SEC = 150;
const THROTTLE_START_C = 84;
/** Share of arrivals refused with HTTP 4xx before reaching the engine. */
const REJECTED_4XX_SHARE = 0.004;
/** Share of arrivals a content filter refuses: a fixed part of the 4xx rejections, so totals are unchanged. */
export const CONTENT_FILTER_SHARE = 0.0015;
/** Share of GPU memory each engine preallocates (vLLM gpu_memory_utilization etc.). */
const FB_PREALLOC: Record<string, number> = {
  vllm: 0.9,
  vllm_legacy: 0.9,
  sglang: 0.88,
  tgi: 0.92,
  otel: 0.86,
  generic: 0.8,
  // TRT-LLM gives the KV cache 90 % of what the engine leaves free; llama.cpp allocates weights plus a fixed context.
  triton: 0.93,
  llamacpp: 0.62,
};

export function createContext(fleet: Fleet, faults: ResolvedFault[], seed: number, stepSec = 15): SimContext {
  const topo = topology(fleet);
  return { fleet, topo, plan: planFaults(fleet, topo, faults), seed: seed >>> 0, stepSec };
}

function emptyDist(): Dist {
  return { count: 0, mean: 0, sigma: 0.5 };
}

function emptyObs(): InstanceObs {
  const d = emptyDist;
  return {
    arrivals: 0,
    started: 0,
    ok: 0,
    errors: 0,
    aborts: 0,
    rejected4xx: 0,
    contentFiltered: 0,
    inputTokens: 0,
    outputTokens: 0,
    preemptions: 0,
    prefixQueries: 0,
    prefixHits: 0,
    running: 0,
    waiting: 0,
    kvUsage: 0,
    inputLen: 0,
    outputLen: 0,
    errorRatio: 0,
    busy: 0,
    dists: {
      ttft: d(),
      itl: d(),
      tpot: d(),
      e2e: d(),
      e2e_error: d(),
      content_filter: d(),
      queue: d(),
      prefill: d(),
      decode: d(),
      inference: d(),
      iteration_tokens: d(),
      input_len: d(),
      output_len: d(),
      time_per_token_incl_prefill: d(),
    },
  };
}

function newVariant(ctx: SimContext, inst: number): VariantAcc {
  const specs = HIST_SPECS[ctx.fleet.instances[inst].flavour];
  return {
    finished: { stop: 0, length: 0, abort: 0, error: 0 },
    promptTokens: 0,
    generationTokens: 0,
    preemptions: 0,
    prefixQueries: 0,
    prefixHits: 0,
    http2xx: 0,
    http4xx: 0,
    http5xx: 0,
    hist: specs.map((s) => newHist(s.bounds)),
  };
}

/** State at step `k` before anything has happened: counters at zero, GPUs idle and cool. */
export function initialState(ctx: SimContext, k: number): SimState {
  const { fleet, topo, seed } = ctx;
  const models = [...new Set(fleet.instances.map((i) => i.model))];
  return {
    k,
    instances: fleet.instances.map((_, i) => ({
      waiting: 0,
      variant: 0,
      variants: ctx.plan.instanceVariants[i].map(() => newVariant(ctx, i)),
      obs: emptyObs(),
      probes: 0,
      down: false,
    })),
    gpus: topo.gpus.map((slot, g) => {
      const type = GPU_TYPES[fleet.hosts[slot.host].gpuType];
      const temp = AMBIENT_C + type.idleWatts * type.celsiusPerWatt;
      return {
        tempC: temp,
        memTempC: temp + 3,
        // Energy since driver load: GPUs have been up for some days already.
        energyMilliJoules: Math.floor((2 + 6 * rand01(seed, 901, g)) * 86400 * type.idleWatts * 3 * 1000),
        pcieReplays: Math.floor(rand01(seed, 902, g) * 4),
        utilPercent: 0,
        engineActive: 0,
        tensorActive: 0,
        dramActive: 0,
        powerWatts: type.idleWatts,
        smClockMHz: Math.round(type.smClockMaxMHz * 0.25),
        memClockMHz: type.memClockMHz,
        fbUsedMiB: 0,
        fbFreeMiB: type.memoryMiB,
        xid: 0,
        clockFactor: 1,
      };
    }),
    hosts: fleet.hosts.map((h) => ({
      cpuSeconds: new Float64Array(h.cpuCount * CPU_MODES.length),
      netRxBytes: 0,
      netTxBytes: 0,
      memAvailableBytes: h.memoryBytes * 0.6,
      fsAvailBytes: 0,
      load1: 0,
    })),
    gateway: models.map((model) => ({
      model,
      codes: new Float64Array(GATEWAY_CODES.length),
      duration: newHist(OTEL_DURATION),
      inputTokens: 0,
      outputTokens: 0,
    })),
  };
}

interface ServeResult {
  obs: InstanceObs;
  waiting: number;
}

/** Queue, batch, KV and latency for one instance over one step. */
function serveInstance(ctx: SimContext, prev: InstanceState, i: number, k: number, eff: Effects, gpuPrev: GpuState[]): ServeResult {
  const { fleet, topo, seed, stepSec: dt } = ctx;
  const inst = fleet.instances[i];
  const perf = inst.perf;
  const e = eff.instances[i];
  // A stopped process serves nothing and keeps no queue (clients retry elsewhere).
  if (e.down) return { obs: emptyObs(), waiting: 0 };
  if (e.stalled) return { obs: stalledObs(prev.obs, e.stalled.gpuBusy), waiting: prev.waiting };
  const tSec = k * dt;
  const key = 1000 + i * 37;
  const gpus = topo.instanceGpus[i];
  const dead = gpus.some((g) => eff.gpus[g].dead);
  const clock = gpus.reduce((s, g) => s + gpuPrev[g].clockFactor, 0) / gpus.length;

  const inputLen = perf.meanInputTokens * e.inputMul * (1 + 0.08 * smoothNoise(seed, key + 1, tSec, 900));
  const outputLen = perf.meanOutputTokens * (1 + 0.06 * smoothNoise(seed, key + 2, tSec, 900));
  const prefixHit = Math.min(0.95, Math.max(0, perf.prefixHitRatio * e.prefixHitMul * (1 + 0.1 * smoothNoise(seed, key + 3, tSec, 1200))));
  const kvCap = perf.kvCapacityTokens * e.kvCapMul;
  const kvPerReq = inputLen + outputLen / 2;
  const bMax = Math.max(1, Math.min(perf.maxSeqs, kvCap / kvPerReq));

  const itlAt = (b: number) => (perf.itlBase * (1 + (1.1 * b) / perf.maxSeqs) * e.itlMul) / Math.max(0.3, clock);
  const prefillAt = (b: number) => ((inputLen * (1 - prefixHit)) / perf.prefillTokPerSec) * (1 + (0.5 * b) / perf.maxSeqs) + 0.012;
  const serviceAt = (b: number) => prefillAt(b) + outputLen * itlAt(b);

  const capRate = dead ? Infinity : bMax / serviceAt(bMax);
  let lambda = arrivalRate(perf.peakRps, tSec, seed, key, k) * e.demandMul;
  if (e.demandFloor > 0 && !dead) lambda = Math.max(lambda, e.demandFloor * capRate * (1 + 0.05 * smoothNoise(seed, key + 6, tSec, 300)));
  const arrivals = lambda * dt;
  const total = prev.waiting + arrivals;
  let started = Math.min(total, capRate * dt);
  let waiting = total - started;
  // Clients give up after about two minutes in the queue; the rest are aborted (HTTP 503 at the gateway).
  const maxWait = dead ? 0 : capRate * 120 + 20;
  let overflow = 0;
  if (waiting > maxWait) {
    overflow = waiting - maxWait;
    waiting = maxWait;
  }
  if (dead) started = total;
  const servedRate = started / dt;

  // Running batch: b = λ_served × S(b), solved by a few fixed-point rounds and capped by bMax.
  let b = servedRate * serviceAt(0);
  for (let n = 0; n < 8; n++) b = Math.min(bMax, servedRate * serviceAt(b));
  if (dead) b = Math.min(b, 0.5);

  const kvDemand = ((lambda + prev.waiting / 60) * serviceAt(b) * kvPerReq) / kvCap;
  const preemptFrac = dead ? 0 : kvDemand > 0.92 ? Math.min(0.6, (kvDemand - 0.92) * 0.7) : 0;
  const kvUsage = dead
    ? 0
    : Math.min(0.995, Math.max(0, ((b * kvPerReq) / kvCap) * (1 + 0.015 * randNormal(seed, key, k, 4)) + (preemptFrac > 0 ? 0.02 : 0)));

  const queueWait = waiting / Math.max(servedRate, 0.02);
  const queueTime = Math.min(900, queueWait) + 0.003;
  const slow = e.slowSpan ? e.slowSpan.extraSeconds : 0;
  const prefill = prefillAt(b);
  const itl = itlAt(b) * (1 + 0.4 * preemptFrac);
  const ttft = queueTime + prefill + slow;
  const decode = Math.max(0, outputLen - 1) * itl;
  const e2e = ttft + decode;

  const errorRatio = Math.min(0.98, 0.0015 * (1 + 0.6 * smoothNoise(seed, key + 5, tSec, 600)) + e.errorAdd + (queueTime > 60 ? 0.01 : 0));
  const errors = started * errorRatio;
  const aborts = overflow + started * 0.004;
  const ok = Math.max(0, started - errors - started * 0.004);
  const outputTokens = ok * outputLen;
  const inputTokens = (ok + started * 0.004) * inputLen + errors * inputLen * 0.3;
  const prefixQueries = inputTokens;
  const prefixHits = prefixQueries * prefixHit;
  const preemptions = servedRate * preemptFrac * dt;
  const loadFrac = 1 - Math.exp(-b / (0.2 * Math.min(perf.maxSeqs, perf.kvCapacityTokens / (perf.meanInputTokens + perf.meanOutputTokens / 2))));
  const busy = dead ? 0 : Math.min(1, loadFrac + e.gpuLoadAdd * (1 - loadFrac));

  const contentFiltered = arrivals * CONTENT_FILTER_SHARE;

  const obs: InstanceObs = {
    arrivals,
    started,
    ok,
    errors,
    aborts,
    rejected4xx: arrivals * REJECTED_4XX_SHARE,
    contentFiltered,
    inputTokens,
    outputTokens,
    preemptions,
    prefixQueries,
    prefixHits,
    running: Math.round(b),
    waiting: Math.round(waiting),
    kvUsage,
    inputLen,
    outputLen,
    errorRatio,
    busy,
    dists: {
      ttft: { count: ok, mean: ttft, sigma: 0.45 },
      itl: { count: outputTokens, mean: itl, sigma: 0.25 },
      tpot: { count: ok, mean: itl, sigma: 0.18 },
      e2e: { count: ok, mean: e2e, sigma: 0.4 },
      e2e_error: { count: errors, mean: dead ? 0.05 : Math.max(0.05, ttft * 0.6), sigma: 0.6 },
      // The filter classifies the prompt and answers before any generation: fast, growing with prompt size.
      content_filter: { count: contentFiltered, mean: 0.03 + inputLen * 0.00002, sigma: 0.5 },
      queue: { count: started, mean: queueTime, sigma: 0.7 },
      prefill: { count: ok, mean: prefill, sigma: 0.45 },
      decode: { count: ok, mean: decode, sigma: 0.4 },
      inference: { count: ok, mean: prefill + decode, sigma: 0.4 },
      // One engine step per inter-token interval while a batch runs: its decode tokens (one per running
      // request) plus this step's share of the prompt tokens still to prefill.
      iteration_tokens: {
        count: b >= 0.5 ? dt / itl : 0,
        mean: b + (inputTokens * (1 - prefixHit) * itl) / dt,
        sigma: 0.5,
      },
      input_len: { count: started, mean: inputLen, sigma: 0.7 },
      output_len: { count: ok, mean: outputLen, sigma: 0.55 },
      time_per_token_incl_prefill: { count: ok, mean: e2e / Math.max(1, outputLen), sigma: 0.3 },
    },
  };
  return { obs, waiting };
}

/**
 * A hung engine makes no progress: nothing starts or finishes (counters flat, no histogram observations),
 * the gauges it last published stay as they were, and its GPUs spin at `gpuBusy` (NCCL kernels waiting on
 * a collective keep a GPU at 100 %).
 */
function stalledObs(last: InstanceObs, gpuBusy: number): InstanceObs {
  const none = { arrivals: 0, started: 0, ok: 0, errors: 0, aborts: 0, rejected4xx: 0, contentFiltered: 0, inputTokens: 0, outputTokens: 0, preemptions: 0, prefixQueries: 0, prefixHits: 0 };
  const dists = Object.fromEntries(Object.entries(last.dists).map(([k, d]) => [k, { ...d, count: 0 }])) as InstanceObs['dists'];
  return { ...last, ...none, busy: gpuBusy, dists };
}

function accumulate(ctx: SimContext, prevAcc: VariantAcc, inst: number, obs: InstanceObs): VariantAcc {
  const specs = HIST_SPECS[ctx.fleet.instances[inst].flavour];
  const f = prevAcc.finished;
  return {
    finished: {
      stop: f.stop + obs.ok * 0.87,
      length: f.length + obs.ok * 0.13,
      abort: f.abort + obs.aborts,
      error: f.error + obs.errors,
    },
    promptTokens: prevAcc.promptTokens + obs.inputTokens,
    generationTokens: prevAcc.generationTokens + obs.outputTokens,
    preemptions: prevAcc.preemptions + obs.preemptions,
    prefixQueries: prevAcc.prefixQueries + obs.prefixQueries,
    prefixHits: prevAcc.prefixHits + obs.prefixHits,
    http2xx: prevAcc.http2xx + obs.ok + obs.started * 0.004,
    http4xx: prevAcc.http4xx + obs.rejected4xx,
    http5xx: prevAcc.http5xx + obs.errors + obs.aborts - obs.started * 0.004,
    hist: specs.map((s, j) => observe(prevAcc.hist[j], s.bounds, obs.dists[s.obs])),
  };
}

function stepGpu(ctx: SimContext, prev: GpuState, g: number, k: number, eff: Effects, busyByInstance: number[]): GpuState {
  const { fleet, topo, seed, stepSec: dt } = ctx;
  const slot = topo.gpus[g];
  const host = fleet.hosts[slot.host];
  const type = GPU_TYPES[host.gpuType];
  const ge = eff.gpus[g];
  const tSec = k * dt;
  const allocated = slot.instance >= 0;
  const jitter = 1 + 0.03 * smoothNoise(seed, 2000 + g, tSec, 240);
  let busy = allocated ? Math.min(1, busyByInstance[slot.instance] * jitter) : 0;
  if (ge.dead) busy = 0;

  // Clocks: idle GPUs downclock; hot GPUs throttle; a power cap trims clocks until power fits.
  let clock = busy > 0.02 ? 1 : 0.25;
  if (prev.tempC > THROTTLE_START_C) clock *= Math.max(0.45, 1 - (prev.tempC - THROTTLE_START_C) * 0.07);
  // A power brake holds clocks down whatever the load.
  if (ge.powerCapFraction < 1 && busy > 0.02) clock = Math.min(clock, 0.3 + 0.5 * ge.powerCapFraction);
  const span = type.tdpWatts - type.idleWatts;
  const demandW = type.idleWatts + span * (0.08 * (busy > 0.02 ? 1 : 0) + 0.85 * busy) * Math.pow(clock, 1.4);
  const capW = type.tdpWatts * ge.powerCapFraction;
  let power = demandW;
  if (demandW > capW) {
    clock *= Math.pow(capW / demandW, 0.8);
    power = capW * (0.97 + 0.02 * rand01(seed, g, k, 5));
  }
  power = Math.max(type.idleWatts * 0.9, power * (1 + 0.01 * randNormal(seed, g, k, 6)));

  const target = AMBIENT_C + ge.ambientAddC + (slot.host % 3) + power * type.celsiusPerWatt * ge.coolingMul;
  const alpha = 1 - Math.exp(-dt / THERMAL_TAU_SEC);
  const tempC = prev.tempC + (target - prev.tempC) * alpha;

  const engineActive = ge.dead ? 0 : Math.min(1, 0.01 + 0.93 * busy);
  const prealloc = allocated ? FB_PREALLOC[fleet.instances[slot.instance].flavour] : 0.0;
  // A stopped process frees its memory; a leak moves the share towards its target as it ramps.
  const own = allocated && eff.instances[slot.instance].down ? 0 : prealloc;
  const fbFraction = ge.fbFraction > 0 ? own + (ge.fbFraction - own) * ge.fbMix : own;
  const fbUsed = Math.round(type.memoryMiB * fbFraction + (allocated ? 40 * smoothNoise(seed, 2100 + g, tSec, 600) + 40 : 1));
  const replayBump = rand01(seed, g, k, 7) < 1 / 5760 ? 1 : 0;

  return {
    tempC,
    memTempC: tempC + 4 + 0.5 * smoothNoise(seed, 2200 + g, tSec, 300),
    energyMilliJoules: prev.energyMilliJoules + power * dt * 1000,
    pcieReplays: prev.pcieReplays + replayBump + (ge.dead ? Math.floor(rand01(seed, g, k, 8) * 4) : 0),
    utilPercent: ge.dead ? 0 : Math.min(100, Math.round(100 * (1 - Math.exp(-4 * busy)))),
    engineActive,
    tensorActive: engineActive * (0.38 + 0.1 * smoothNoise(seed, 2300 + g, tSec, 600)),
    dramActive: engineActive * 0.72,
    powerWatts: power,
    smClockMHz: Math.round(type.smClockMaxMHz * clock),
    memClockMHz: busy > 0.02 ? type.memClockMHz : Math.round(type.memClockMHz * 0.5),
    fbUsedMiB: fbUsed,
    fbFreeMiB: type.memoryMiB - fbUsed,
    xid: ge.xid,
    clockFactor: busy > 0.02 ? clock : 1,
  };
}

function stepHost(ctx: SimContext, prev: HostState, h: number, k: number, eff: Effects, gpus: GpuState[], obs: InstanceObs[]): HostState {
  const { fleet, topo, seed, stepSec: dt } = ctx;
  const host = fleet.hosts[h];
  const tSec = k * dt;
  const first = topo.hostOffset[h];
  let busySum = 0;
  for (let g = first; g < first + host.gpuCount; g++) busySum += gpus[g].engineActive;
  const load = busySum / host.gpuCount;
  const cpuSeconds = prev.cpuSeconds.slice();
  let busyCpu = 0;
  for (let c = 0; c < host.cpuCount; c++) {
    const n = smoothNoise(seed, 3000 + h * 64 + c, tSec, 300);
    const user = Math.max(0, 0.08 + 0.32 * load + 0.03 * n);
    const system = 0.03 + 0.07 * load;
    const iowait = 0.004 + 0.004 * (n + 1);
    const idle = Math.max(0, 1 - user - system - iowait);
    busyCpu += user + system;
    const base = c * CPU_MODES.length;
    cpuSeconds[base] += idle * dt;
    cpuSeconds[base + 1] += user * dt;
    cpuSeconds[base + 2] += system * dt;
    cpuSeconds[base + 3] += iowait * dt;
  }
  let rx = 2e6;
  let tx = 1.5e6;
  fleet.instances.forEach((inst, i) => {
    if (inst.host !== host.name) return;
    rx += (obs[i].inputTokens * 6 + obs[i].arrivals * 900) / dt;
    tx += (obs[i].outputTokens * 8 + obs[i].started * 600) / dt;
  });
  const normalMem = 0.62 - 0.15 * load + 0.02 * smoothNoise(seed, 3500 + h, tSec, 900);
  const he = eff.hosts[h];
  const memFrac = he.memAvailableFraction > 0 ? normalMem + (he.memAvailableFraction - normalMem) * he.memMix : normalMem;
  // Disk: logs grow during the day, a 03:00 job cleans up.
  const sinceCleanup = ((((tSec - 3 * 3600) % 86400) + 86400) % 86400) / 86400;
  const fsSize = 3.84e12;
  return {
    cpuSeconds,
    netRxBytes: prev.netRxBytes + rx * dt,
    netTxBytes: prev.netTxBytes + tx * dt,
    memAvailableBytes: host.memoryBytes * memFrac,
    fsAvailBytes: fsSize * (0.58 - 0.06 * sinceCleanup - 0.005 * h),
    load1: busyCpu * 1.1,
  };
}

function stepGateway(ctx: SimContext, prev: GatewayModelState[], k: number, obs: InstanceObs[], eff: Effects): GatewayModelState[] {
  const { fleet, seed, stepSec: dt } = ctx;
  const tSec = k * dt;
  return prev.map((gm, m) => {
    let ok = 0;
    let errors = 0;
    let aborts = 0;
    let rejected = 0;
    let arrivals = 0;
    let inTok = 0;
    let outTok = 0;
    let latWeighted = 0;
    let slow504 = 0;
    let overflowPressure = 0;
    fleet.instances.forEach((inst, i) => {
      if (inst.model !== gm.model) return;
      const o = obs[i];
      ok += o.ok;
      errors += o.errors;
      aborts += o.aborts;
      rejected += o.rejected4xx;
      arrivals += o.arrivals;
      inTok += o.inputTokens;
      outTok += o.outputTokens;
      latWeighted += (o.ok + o.errors) * (o.dists.e2e.mean + 0.012);
      slow504 += o.ok * (1 - lognormalCdf(60, o.dists.e2e.mean, o.dists.e2e.sigma));
      overflowPressure = Math.max(overflowPressure, o.waiting / Math.max(1, o.running * 4));
      void eff;
    });
    const served = ok + errors;
    const authNoise = 1 + 0.8 * Math.max(0, smoothNoise(seed, 4000 + m, tSec, 1200));
    const codes = gm.codes.slice();
    const add = [
      Math.max(0, ok - slow504),
      rejected,
      arrivals * 0.0025 * authNoise,
      arrivals * 0.0006 * authNoise,
      arrivals * (0.0008 + 0.04 * Math.min(1, overflowPressure)),
      errors,
      aborts,
      slow504,
    ];
    for (let c = 0; c < codes.length; c++) codes[c] += add[c];
    const mean = served > 0 ? latWeighted / served : 0;
    return {
      model: gm.model,
      codes,
      duration: served > 0 ? observe(gm.duration, OTEL_DURATION, { count: served, mean, sigma: 0.45 }) : cloneHist(gm.duration),
      inputTokens: gm.inputTokens + inTok,
      outputTokens: gm.outputTokens + outTok,
    };
  });
}

/** Advances the whole fleet by one step. Pure: `prev` is left untouched. */
export function step(prev: SimState, ctx: SimContext): SimState {
  const k = prev.k + 1;
  const eff = effectsAt(ctx.plan, ctx.topo, k * ctx.stepSec * 1000);
  const served = prev.instances.map((ins, i) => serveInstance(ctx, ins, i, k, eff, prev.gpus));
  const instances: InstanceState[] = prev.instances.map((ins, i) => {
    const variant = eff.instances[i].variant;
    // A process that is down loses its counters: they start again from 0 when it comes back.
    if (eff.instances[i].down) {
      return { waiting: 0, variant, variants: ins.variants.map(() => newVariant(ctx, i)), obs: served[i].obs, probes: 0, down: true };
    }
    const variants = ins.variants.map((v, vi) => (vi === variant ? accumulate(ctx, v, i, served[i].obs) : v));
    return { waiting: served[i].waiting, variant, variants, obs: served[i].obs, probes: ins.probes + 2, down: false };
  });
  const busy = served.map((s) => s.obs.busy);
  const gpus = prev.gpus.map((g, gi) => stepGpu(ctx, g, gi, k, eff, busy));
  const obs = served.map((s) => s.obs);
  const hosts = prev.hosts.map((h, hi) => stepHost(ctx, h, hi, k, eff, gpus, obs));
  const gateway = stepGateway(ctx, prev.gateway, k, obs, eff);
  return { k, instances, gpus, hosts, gateway };
}

/** Runs `n` steps from `state` (for warm-up and tests). */
export function run(state: SimState, ctx: SimContext, n: number): SimState {
  let s = state;
  for (let j = 0; j < n; j++) s = step(s, ctx);
  return s;
}

export { FINISH_REASONS, GATEWAY_CODES, CPU_MODES };
