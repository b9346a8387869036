// DCGM exporter (per GPU), node_exporter (per host) and the gateway in front of all models.
import { GPU_TYPES } from '../fleet/catalog';
import { DCGM_PORT, GATEWAY, gpuUuid, NODE_EXPORTER_PORT, pciBusId } from '../fleet/labels';
import { OTEL_DURATION } from '../model/buckets';
import { CPU_MODES, GATEWAY_CODES, type SimContext } from '../model/state';
import { SeriesGroup } from './group';
import { writeHist, type Labels, type Registry } from './registry';

const CONTAINER: Record<string, string> = {
  vllm: 'vllm',
  vllm_legacy: 'vllm',
  sglang: 'sglang',
  tgi: 'text-generation-inference',
  otel: 'inference',
  generic: 'app',
  triton: 'tritonserver',
  llamacpp: 'llama-server',
};

/** DCGM labels of one GPU, in the spelling its host's exporter uses. */
export function dcgmLabels(ctx: SimContext, flat: number): Labels {
  const slot = ctx.topo.gpus[flat];
  const host = ctx.fleet.hosts[slot.host];
  const labels: [string, string][] = [
    ['job', 'dcgm-exporter'],
    ['instance', `${host.name}:${DCGM_PORT}`],
    ['gpu', String(slot.gpu)],
    ['UUID', gpuUuid(host.name, slot.gpu)],
    ['pci_bus_id', pciBusId(slot.gpu)],
    ['device', `nvidia${slot.gpu}`],
    ['modelName', GPU_TYPES[host.gpuType].modelName],
    [host.hostnameLabel, host.name],
    ['DCGM_FI_DRIVER_VERSION', host.driverVersion],
  ];
  if (host.podLabelStyle === 'exported_pod') {
    // The exporter pod's own target labels take `pod`/`namespace`; the GPU user's move to exported_*.
    labels.push(['namespace', 'gpu-operator'], ['pod', `nvidia-dcgm-exporter-${host.name.slice(-6)}`]);
  }
  if (slot.instance >= 0) {
    const inst = ctx.fleet.instances[slot.instance];
    const p = host.podLabelStyle === 'exported_pod' ? 'exported_' : '';
    labels.push([`${p}container`, CONTAINER[inst.flavour]], [`${p}namespace`, inst.namespace], [`${p}pod`, inst.name]);
  }
  return labels;
}

export function registerDcgm(reg: Registry, ctx: SimContext, flat: number): void {
  const g = new SeriesGroup(reg, dcgmLabels(ctx, flat));
  const f = {
    util: g.gauge('DCGM_FI_DEV_GPU_UTIL', 'GPU utilization (in %).'),
    copy: g.gauge('DCGM_FI_DEV_MEM_COPY_UTIL', 'Memory utilization (in %).'),
    fbUsed: g.gauge('DCGM_FI_DEV_FB_USED', 'Framebuffer memory used (in MiB).'),
    fbFree: g.gauge('DCGM_FI_DEV_FB_FREE', 'Framebuffer memory free (in MiB).'),
    temp: g.gauge('DCGM_FI_DEV_GPU_TEMP', 'GPU temperature (in C).'),
    memTemp: g.gauge('DCGM_FI_DEV_MEMORY_TEMP', 'Memory temperature (in C).'),
    power: g.gauge('DCGM_FI_DEV_POWER_USAGE', 'Power draw (in W).'),
    energy: g.counter('DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', 'Total energy consumption since boot (in mJ).'),
    sm: g.gauge('DCGM_FI_DEV_SM_CLOCK', 'SM clock frequency (in MHz).'),
    mem: g.gauge('DCGM_FI_DEV_MEM_CLOCK', 'Memory clock frequency (in MHz).'),
    replay: g.counter('DCGM_FI_DEV_PCIE_REPLAY_COUNTER', 'Total number of PCIe retries.'),
    gr: g.gauge('DCGM_FI_PROF_GR_ENGINE_ACTIVE', 'Ratio of time the graphics engine is active.'),
    tensor: g.gauge('DCGM_FI_PROF_PIPE_TENSOR_ACTIVE', 'Ratio of cycles the tensor (HMMA) pipe is active.'),
    dram: g.gauge('DCGM_FI_PROF_DRAM_ACTIVE', 'Ratio of cycles the device memory interface is active sending or receiving data.'),
  };
  // XID: the value of the last XID, with err_code/err_msg labels; one series per code this GPU shows.
  const xids = ctx.plan.gpuXid[flat].map((x) =>
    g.gauge('DCGM_FI_DEV_XID_ERRORS', 'Value of the last XID error encountered.', [
      ['err_code', String(x.code)],
      ['err_msg', x.msg],
    ])
  );
  reg.writer((s, v, act) => {
    const gs = s.gpus[flat];
    v[f.util] = gs.utilPercent;
    v[f.copy] = Math.round(gs.dramActive * 60);
    v[f.fbUsed] = gs.fbUsedMiB;
    v[f.fbFree] = gs.fbFreeMiB;
    v[f.temp] = Math.round(gs.tempC);
    v[f.memTemp] = Math.round(gs.memTempC);
    v[f.power] = Math.round(gs.powerWatts * 1000) / 1000;
    v[f.energy] = Math.floor(gs.energyMilliJoules);
    v[f.sm] = gs.smClockMHz;
    v[f.mem] = gs.memClockMHz;
    v[f.replay] = gs.pcieReplays;
    v[f.gr] = gs.engineActive;
    v[f.tensor] = gs.tensorActive;
    v[f.dram] = gs.dramActive;
    xids.forEach((idx, n) => {
      act[idx] = gs.xid === n ? 1 : 0;
      v[idx] = ctx.plan.gpuXid[flat][n].code;
    });
  });
}

export function registerNode(reg: Registry, ctx: SimContext, h: number): void {
  const host = ctx.fleet.hosts[h];
  const style = host.nodeExporterLabels ?? 'node';
  const target: Labels = [
    ['job', 'node-exporter'],
    ['instance', `${host.name}:${NODE_EXPORTER_PORT}`],
  ];
  const g = new SeriesGroup(reg, style === 'node' ? [...target, ['node', host.name]] : target);
  // node_exporter's uname collector: the kernel's hostname, the usual way to name a plain scrape target.
  const uname =
    style === 'uname'
      ? g.gauge('node_uname_info', 'Labeled system information as provided by the uname system call.', [
          ['domainname', '(none)'],
          ['machine', 'x86_64'],
          ['nodename', host.name],
          ['release', '6.8.0-45-generic'],
          ['sysname', 'Linux'],
          ['version', '#45-Ubuntu SMP PREEMPT_DYNAMIC'],
        ])
      : -1;
  const cpu: number[] = [];
  for (let c = 0; c < host.cpuCount; c++) {
    for (const mode of CPU_MODES) {
      cpu.push(g.counter('node_cpu_seconds_total', 'Seconds the CPUs spent in each mode.', [['cpu', String(c)], ['mode', mode]]));
    }
  }
  const fs: Labels = [
    ['device', '/dev/nvme0n1p1'],
    ['fstype', 'ext4'],
    ['mountpoint', '/'],
  ];
  const f = {
    avail: g.gauge('node_memory_MemAvailable_bytes', 'Memory information field MemAvailable_bytes.'),
    total: g.gauge('node_memory_MemTotal_bytes', 'Memory information field MemTotal_bytes.'),
    fsAvail: g.gauge('node_filesystem_avail_bytes', 'Filesystem space available to non-root users in bytes.', fs),
    fsSize: g.gauge('node_filesystem_size_bytes', 'Filesystem size in bytes.', fs),
    rx: g.counter('node_network_receive_bytes_total', 'Network device statistic receive_bytes.', [['device', 'eth0']]),
    tx: g.counter('node_network_transmit_bytes_total', 'Network device statistic transmit_bytes.', [['device', 'eth0']]),
    load: g.gauge('node_load1', '1m load average.'),
  };
  reg.writer((s, v) => {
    const hs = s.hosts[h];
    for (let j = 0; j < cpu.length; j++) v[cpu[j]] = Math.round(hs.cpuSeconds[j] * 100) / 100;
    v[f.avail] = Math.round(hs.memAvailableBytes);
    v[f.total] = host.memoryBytes;
    v[f.fsAvail] = Math.round(hs.fsAvailBytes);
    v[f.fsSize] = 3.84e12;
    v[f.rx] = Math.floor(hs.netRxBytes);
    v[f.tx] = Math.floor(hs.netTxBytes);
    v[f.load] = Math.round(hs.load1 * 100) / 100;
    if (uname >= 0) v[uname] = 1;
  });
}

export function registerGateway(reg: Registry, ctx: SimContext, models: string[]): void {
  const base: Labels = [
    ['job', GATEWAY.job],
    ['instance', GATEWAY.instance],
    ['namespace', GATEWAY.namespace],
    ['pod', GATEWAY.pod],
  ];
  const g = new SeriesGroup(reg, base);
  const perModel = models.map((model) => ({
    codes: GATEWAY_CODES.map((code) =>
      g.counter('llm_gateway_requests_total', 'Requests handled by the LLM gateway, by exact HTTP status code.', [
        ['route', '/v1/chat/completions'],
        ['method', 'POST'],
        ['model', model],
        ['code', code],
      ])
    ),
    dur: g.hist('gen_ai_client_operation_duration_seconds', 'GenAI operation duration.', OTEL_DURATION, [
      ['gen_ai_operation_name', 'chat'],
      ['gen_ai_provider_name', 'openai'],
      ['gen_ai_request_model', model],
      ['gen_ai_response_model', model],
      ['server_address', 'llm-gateway.llm-serving.svc'],
      ['server_port', '8000'],
    ], 'go'),
  }));
  reg.writer((s, v) => {
    s.gateway.forEach((gm, m) => {
      const h = perModel[m];
      for (let c = 0; c < h.codes.length; c++) v[h.codes[c]] = Math.floor(gm.codes[c]);
      writeHist(h.dur, gm.duration, v);
    });
  });
  void ctx;
}
