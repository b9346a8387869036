import React from 'react';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Alert } from '@grafana/ui';

import { testIds } from '../../../components/testIds';
import { validateSettings } from '../../configValidation';
import type { LlmOpsJsonData, LlmOpsSecureJsonData } from '../../types';
import { AnalyticsLoadSection } from './AnalyticsLoadSection';
import { AuthSection } from './AuthSection';
import { ConnectionSection } from './ConnectionSection';
import { DegradationSection } from './DegradationSection';
import { PricingSection } from './PricingSection';
import { TlsSection } from './TlsSection';

export type ConfigProps = DataSourcePluginOptionsEditorProps<LlmOpsJsonData, LlmOpsSecureJsonData>;

export function ConfigEditor(props: ConfigProps) {
  const { options } = props;
  const errors = validateSettings(options.url, options.jsonData);
  const count = Object.keys(errors).length;
  return (
    <div data-testid={testIds.configEditor.container}>
      {count > 0 && (
        <Alert severity="warning" title={`${count} setting${count > 1 ? 's need' : ' needs'} attention before saving`}>
          {Object.values(errors).join(' · ')}
        </Alert>
      )}
      <ConnectionSection {...props} errors={errors} />
      <AuthSection {...props} />
      <TlsSection {...props} />
      <PricingSection {...props} errors={errors} />
      <DegradationSection {...props} errors={errors} />
      <AnalyticsLoadSection {...props} errors={errors} />
    </div>
  );
}
