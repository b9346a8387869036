import '../../test-utils/browser-apis';
import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AppPluginMeta, PluginConfigPageProps } from '@grafana/data';
import { beforeEach, describe, expect, it } from 'vitest';

import type { AppJsonData } from '../../constants';
import { installBackendSrv, installDataSources, LLMOPS_DS } from '../../test-utils/grafana';
import { testIds } from '../testIds';
import AppConfig from './AppConfig';

function props(jsonData: AppJsonData) {
  return { plugin: { meta: { id: 'llmops-observability-app', jsonData, enabled: true } }, query: {} } as unknown as PluginConfigPageProps<AppPluginMeta<AppJsonData>>;
}

describe('AppConfig', () => {
  let requests: ReturnType<typeof installBackendSrv>;
  beforeEach(() => {
    installDataSources([LLMOPS_DS, { uid: 'second', name: 'Staging LLM Ops', type: 'llmops-observability-datasource' }]);
    requests = installBackendSrv({ '/api/plugins/llmops-observability-app/settings': () => ({}) });
  });

  it('saves the chosen default datasource uid in the app jsonData', async () => {
    render(<AppConfig {...props({})} />);
    await userEvent.click(screen.getByLabelText('Default LLM Ops datasource'));
    await userEvent.click(await screen.findByText('Staging LLM Ops'));
    await userEvent.click(screen.getByTestId(testIds.appConfig.submit));
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]).toMatchObject({ method: 'POST', data: { enabled: true, jsonData: { defaultDatasourceUid: 'second' } } });
  });

  it('warns when the stored datasource no longer exists', () => {
    render(<AppConfig {...props({ defaultDatasourceUid: 'gone' })} />);
    expect(screen.getByText(/No LLM Ops datasource with uid “gone” exists any more/)).toBeInTheDocument();
  });
});
