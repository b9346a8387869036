import { loadScenario } from './bench/rca-public/petshop-data';
import { issueInput } from './bench/rca-public/petshop-eval';
import { analyzeRootCause } from './pkg/analytics/rootcause/analyze';
import { movedBeyondNormal } from './pkg/analytics/rootcause/service-graph';
const [scen, id] = process.argv.slice(2);
const s = loadScenario('/tmp/petshop/dataset', scen);
const issue = s.issues.find((i) => i.id.endsWith(id))!;
console.log(issue.id, issue.target, 'truth', issue.rootCause);
const input = issueInput(s, issue, s.edges);
const tgt = input.candidates.filter((x) => x.labels.service === issue.target.node && x.signal === issue.target.metric + '_Average');
const r = analyzeRootCause({ ...input, target: tgt });
for (const t of r.targetMovements) console.log('TARGET', t.signal, t.direction, t.score.toFixed(2), 'med', t.baselineMedian, 'scale', t.scale.toPrecision(2), 'dev', t.deviatingPoints, '/', t.incidentPoints, 'exc', t.exceedance?.toFixed(2), 'held', t.heldSince, 'noCause', r.noCause, 'rows', tgt[0].values.slice(-5).join(' '));
console.log('services', r.services!.slice(0, 6).map((x) => `${x.service} root=${x.root} an=${x.anomalous} ${x.score.toFixed(1)} ${x.top?.signal} down=${x.anomalousDownstream.length}`));
const ms = r.movements.filter((m) => movedBeyondNormal(m)).sort((a, b) => b.score - a.score);
for (const m of ms.slice(0, 25)) {
  const ser = issue.series.find((x) => x.signal === m.signal && x.labels.service === m.labels.service);
  console.log(m.labels.service.slice(0, 45).padEnd(45), m.signal.padEnd(22), m.score.toFixed(1).padStart(6), 'med', m.baselineMedian.toPrecision(3), 'scale', m.scale.toPrecision(2), 'rows', ser?.values.map((v) => v?.toPrecision(3)).join(' '));
}
const truth = r.movements.filter((m) => m.labels.service === issue.rootCause).sort((a, b) => b.score - a.score);
for (const m of truth.slice(0, 8)) { const ser = issue.series.find((x) => x.signal === m.signal && x.labels.service === m.labels.service); console.log('TRUTH', m.signal, m.score.toFixed(1), movedBeyondNormal(m), 'med', m.baselineMedian.toPrecision(3), 'rows', ser?.values.map((v) => v?.toPrecision(3)).join(' ')); }
