import React from 'react';
import { Route, Routes } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';

import { ROUTES, type AppJsonData } from '../../constants';
import { AlertsPage } from '../../pages/AlertsPage';
import { CostPage } from '../../pages/CostPage';
import { OverviewPage } from '../../pages/OverviewPage';
import { RootCausePage } from '../../pages/RootCausePage';
import { AppSettingsContext } from '../../shared/useDatasource';
import { testIds } from '../testIds';

function App({ meta }: AppRootProps<AppJsonData>) {
  return (
    <AppSettingsContext.Provider value={meta.jsonData ?? {}}>
      <div data-testid={testIds.app.root}>
        <Routes>
          <Route path={ROUTES.Cost} element={<CostPage />} />
          <Route path={ROUTES.RootCause} element={<RootCausePage />} />
          <Route path={ROUTES.Alerts} element={<AlertsPage />} />
          <Route path="*" element={<OverviewPage />} />
        </Routes>
      </div>
    </AppSettingsContext.Provider>
  );
}

export default App;
