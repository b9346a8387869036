import { createContext, useContext } from 'react';
import type { DataSourceInstanceSettings } from '@grafana/data';

import type { AppJsonData } from '../constants';
import { pickDatasource } from './api';

export const AppSettingsContext = createContext<AppJsonData>({});

/** The LLM Ops datasource the app pages use (undefined when none is configured). */
export function useLlmOpsDatasource(): DataSourceInstanceSettings | undefined {
  const settings = useContext(AppSettingsContext);
  return pickDatasource(settings.defaultDatasourceUid);
}
