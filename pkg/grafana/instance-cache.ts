// Per-datasource instances, keyed like the Go SDK: by uid (or numeric id) and lastUpdatedMS. A settings
// change in Grafana bumps lastUpdatedMS, so the next call builds a fresh instance and disposes the old one.
import type { Logger } from './logger';
import type { DataSourceInstanceSettings, Disposable, PluginContext } from './types';

interface Entry<I> {
  lastUpdatedMS: number;
  instance: I;
}

export class InstanceCache<I extends Disposable> {
  private readonly entries = new Map<string, Entry<I>>();

  constructor(
    private readonly create: (settings: DataSourceInstanceSettings | undefined, ctx: PluginContext) => I,
    private readonly log?: Logger
  ) {}

  get(ctx: PluginContext): I {
    const settings = ctx.dataSourceInstanceSettings;
    const key = settings ? settings.uid || `id:${settings.id}` : '';
    const lastUpdatedMS = settings?.lastUpdatedMS ?? ctx.appInstanceSettings?.lastUpdatedMS ?? 0;
    const existing = this.entries.get(key);
    if (existing && existing.lastUpdatedMS === lastUpdatedMS) return existing.instance;
    const instance = this.create(settings, ctx);
    this.entries.set(key, { lastUpdatedMS, instance });
    if (existing) {
      this.log?.debug('datasource settings changed, replacing instance', { uid: key });
      void this.disposeOne(existing.instance);
    }
    return instance;
  }

  get size(): number {
    return this.entries.size;
  }

  async disposeAll(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((e) => this.disposeOne(e.instance)));
  }

  private async disposeOne(instance: I): Promise<void> {
    try {
      await instance.dispose?.();
    } catch (err) {
      this.log?.warn('disposing a datasource instance failed', { error: err });
    }
  }
}
