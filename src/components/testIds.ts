/** data-testid values shared by vitest and the browser tests. */
export const testIds = {
  app: { root: 'data-testid llmops-app' },
  alerts: { page: 'data-testid llmops alerts page', rules: 'data-testid llmops alerts rules', filter: 'data-testid llmops alerts filter' },
  appConfig: {
    container: 'data-testid llmops app-config',
    datasource: 'data-testid llmops app-config datasource',
    submit: 'data-testid llmops app-config submit',
  },
  configEditor: { container: 'data-testid llmops config-editor' },
  queryEditor: { container: 'data-testid llmops query-editor' },
  variableEditor: { container: 'data-testid llmops variable-editor' },
  costPanel: {
    container: 'data-testid llmops cost-panel',
    empty: 'data-testid llmops cost-panel empty',
    chart: 'data-testid llmops cost-panel chart',
  },
  rootCausePanel: {
    container: 'data-testid llmops rootcause-panel',
    empty: 'data-testid llmops rootcause-panel empty',
    noIncident: 'data-testid llmops rootcause-panel no-incident',
    incident: 'data-testid llmops rootcause-panel incident',
    hypothesis: 'data-testid llmops rootcause-panel hypothesis',
  },
};
