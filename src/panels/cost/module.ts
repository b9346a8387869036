import { PanelPlugin } from '@grafana/data';

import { CostPanel } from './components/CostPanel';
import { DEFAULT_OPTIONS, GROUPING_OPTIONS, type CostOptions } from './types';

export const plugin = new PanelPlugin<CostOptions>(CostPanel).setPanelOptions((builder) =>
  builder
    .addTextInput({
      path: 'currency',
      name: 'Currency',
      description: 'ISO code such as USD or EUR. Empty uses the currency configured in the datasource.',
      defaultValue: DEFAULT_OPTIONS.currency,
    })
    .addRadio({
      path: 'grouping',
      name: 'Cost over time by',
      defaultValue: DEFAULT_OPTIONS.grouping,
      settings: { options: GROUPING_OPTIONS },
    })
    .addRadio({
      path: 'period',
      name: 'Projection period',
      description: 'Period the projected cost is shown for (from the current run rate).',
      defaultValue: DEFAULT_OPTIONS.period,
      settings: {
        options: [
          { value: 'day', label: 'Day' },
          { value: 'week', label: 'Week' },
          { value: 'month', label: 'Month' },
          { value: 'year', label: 'Year' },
        ],
      },
    })
    .addBooleanSwitch({ path: 'showOpportunities', name: 'Show savings opportunities', defaultValue: DEFAULT_OPTIONS.showOpportunities })
);
