/** Small immutable updaters for datasource settings used by the config sections. */
import type { DataSourceSettings } from '@grafana/data';
import type { LlmOpsJsonData, LlmOpsSecureJsonData } from '../../types';

export type Settings = DataSourceSettings<LlmOpsJsonData, LlmOpsSecureJsonData>;

export function setJson<K extends keyof LlmOpsJsonData>(options: Settings, key: K, value: LlmOpsJsonData[K]): Settings {
  return { ...options, jsonData: { ...options.jsonData, [key]: value } };
}

export function setSecret(options: Settings, key: string, value: string): Settings {
  return { ...options, secureJsonData: { ...(options.secureJsonData ?? {}), [key]: value } };
}

/** Clears a stored secret: Grafana deletes it when the field is sent empty and marked unconfigured. */
export function resetSecret(options: Settings, key: string): Settings {
  return {
    ...options,
    secureJsonFields: { ...options.secureJsonFields, [key]: false },
    secureJsonData: { ...(options.secureJsonData ?? {}), [key]: '' },
  };
}

export function numberOrUndefined(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}
