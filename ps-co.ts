import { listScenarios, loadScenario } from './bench/rca-public/petshop-data';
import { issueInput, recallAt } from './bench/rca-public/petshop-eval';
import { analyzeRootCause } from './pkg/analytics/rootcause/analyze';
import { movedBeyondNormal } from './pkg/analytics/rootcause/service-graph';
function pearson(a: number[], b: number[]) { const n = a.length; const ma = a.reduce((x, y) => x + y, 0) / n, mb = b.reduce((x, y) => x + y, 0) / n; let sab = 0, saa = 0, sbb = 0; for (let i = 0; i < n; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) ** 2; sbb += (b[i] - mb) ** 2; } return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0; }
const root = '/tmp/petshop/dataset';
const res: any[] = [];
for (const name of listScenarios(root)) {
  const s = loadScenario(root, name); if (!s.normal) continue;
  for (const issue of s.issues) {
    const input = issueInput(s, issue);
    const r = analyzeRootCause(input);
    const t = input.target![0];
    const from = issue.times[0];
    const tv = new Map<number, number>(); t.times.forEach((x, i) => { if (x >= from && t.values[i] !== null) tv.set(x, t.values[i]!); });
    const rel = (m: any) => { const c = input.candidates.find((x) => x.signal === m.signal && x.labels.service === m.labels.service)!; const a: number[] = [], b: number[] = []; c.times.forEach((x, i) => { if (tv.has(x) && c.values[i] !== null) { a.push(c.values[i]!); b.push(tv.get(x)!); } }); return a.length >= 3 ? Math.abs(pearson(a, b)) : 0; };
    const moved = r.movements.filter((m) => movedBeyondNormal(m) && m.labels.service !== issue.target.node);
    const ranked = moved.map((m) => ({ m, k: Math.min(m.score, 10) * rel(m) ** 2 })).sort((a, b) => b.k - a.k);
    const services: string[] = []; for (const x of ranked) if (!services.includes(x.m.labels.service)) services.push(x.m.labels.service);
    const i = services.indexOf(issue.rootCause);
    res.push({ issue, position: i < 0 ? null : i + 1 });
  }
}
for (const m of ['latency', 'availability']) { const x = res.filter((r) => r.issue.target.metric === m); console.log(m, recallAt(x, 1).toFixed(3), recallAt(x, 3).toFixed(3)); }
console.log('all', recallAt(res, 1).toFixed(3), recallAt(res, 3).toFixed(3));
