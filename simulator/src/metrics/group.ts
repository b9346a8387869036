// A group of series sharing base labels (one instance, one model-name variant, one GPU …) that can be
// switched on and off together.
import { addHistogram, type HistHandle, type Labels, type LeStyle, type Registry } from './registry';

export class SeriesGroup {
  readonly all: number[] = [];
  constructor(
    private readonly reg: Registry,
    readonly base: Labels
  ) {}

  private one(type: 'gauge' | 'counter' | 'info', name: string, help: string, extra: Labels): number {
    const fam = this.reg.family({ name, type: type === 'info' ? 'gauge' : type, help });
    const idx = this.reg.add(fam, name, [...this.base, ...extra]);
    this.all.push(idx);
    return idx;
  }

  gauge(name: string, help: string, extra: Labels = []): number {
    return this.one('gauge', name, help, extra);
  }

  counter(name: string, help: string, extra: Labels = []): number {
    return this.one('counter', name, help, extra);
  }

  hist(name: string, help: string, bounds: readonly number[], extra: Labels = [], style: LeStyle = 'python'): HistHandle {
    const h = addHistogram(this.reg, { name, help }, [...this.base, ...extra], bounds, style);
    this.all.push(...h.buckets, h.sum, h.count);
    return h;
  }

  toggle(active: Uint8Array, on: boolean): void {
    const a = on ? 1 : 0;
    for (const i of this.all) active[i] = a;
  }
}
