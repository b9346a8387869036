// One GPU, several exporters: DCGM, Triton's own gauges and apps' gpu_* metrics may all report the same
// card. Exporters disagree on identity labels: DCGM has an index (`gpu`) and `UUID`, Triton only the UUID,
// generic exporters usually only an index. A later family's GPU is left out when an earlier family has
// the same UUID, or the same (hostname, index). Keys a family cannot fill get a value unique to the
// family, so missing labels never make two different GPUs equal.
import { quoteLabelValue } from './escape';
import type { FamilyId } from './families';

const UUID_KEY = 'gpu_uuid_key';
const INDEX_KEY = 'gpu_index_key';
/** Labels the union adds (dropped again by the fleet-level aggregation, which groups by the request). */
export const GPU_KEYS = [UUID_KEY, INDEX_KEY];

function labelReplace(expr: string, dst: string, replacement: string, src: string, regex: string): string {
  return `label_replace(${expr}, ${quoteLabelValue(dst)}, ${quoteLabelValue(replacement)}, ${quoteLabelValue(src)}, ${quoteLabelValue(regex)})`;
}

/** Per-GPU series of one family (normalized hostname, gpu, gpu_uuid) with both identity keys. */
export function withGpuKeys(expr: string, fam: FamilyId): string {
  // hostname/gpu; when either is empty the key is made unique to the family.
  let e = `label_join(${expr}, "${INDEX_KEY}", "/", "hostname", "gpu")`;
  e = labelReplace(e, INDEX_KEY, `${fam}:$0`, INDEX_KEY, '/.*|.*/');
  // The UUID, else a family-unique stand-in.
  e = labelReplace(e, UUID_KEY, `${fam}:$1`, INDEX_KEY, '(.*)');
  return labelReplace(e, UUID_KEY, '$1', 'gpu_uuid', '(.+)');
}

/** Union of per-family per-GPU expressions (already keyed), earlier families first, each GPU once. */
export function gpuUnion(exprs: string[]): string {
  return exprs.reduce((acc, e) => `(${acc}) or on (${UUID_KEY}) ((${e}) unless on (${INDEX_KEY}) (${acc}))`);
}
