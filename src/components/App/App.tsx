import React, { useMemo } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';

import { ROUTES, type AppJsonData } from '../../constants';
import { llmOpsSceneApp } from '../../scenes/app';
import { NoDatasource } from '../../shared/NoDatasource';
import { AppSettingsContext, useLlmOpsDatasource } from '../../shared/useDatasource';
import { testIds } from '../testIds';

/** The scene app for the chosen datasource; rebuilt only when the datasource changes. */
function ScenePages() {
  const ds = useLlmOpsDatasource();
  const currency = String((ds?.jsonData as { currency?: string } | undefined)?.currency ?? 'USD');
  const app = useMemo(() => (ds ? llmOpsSceneApp(ds.uid, currency) : undefined), [ds, currency]);
  if (!app) {
    return (
      <PluginPage>
        <NoDatasource />
      </PluginPage>
    );
  }
  return <app.Component model={app} />;
}

function App({ meta }: AppRootProps<AppJsonData>) {
  return (
    <AppSettingsContext.Provider value={meta.jsonData ?? {}}>
      <div data-testid={testIds.app.root}>
        <Routes>
          <Route path="" element={<Navigate to={ROUTES.Overview} replace />} />
          <Route path="*" element={<ScenePages />} />
        </Routes>
      </div>
    </AppSettingsContext.Provider>
  );
}

export default App;
