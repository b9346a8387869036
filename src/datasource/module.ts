import { DataSourcePlugin } from '@grafana/data';

import { ConfigEditor } from './components/config/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { DataSource } from './datasource';
import type { LlmOpsJsonData, LlmOpsQuery, LlmOpsSecureJsonData } from './types';

export const plugin = new DataSourcePlugin<DataSource, LlmOpsQuery, LlmOpsJsonData, LlmOpsSecureJsonData>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
