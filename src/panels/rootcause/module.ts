import { PanelPlugin } from '@grafana/data';

import { RootCausePanel } from './components/RootCausePanel';
import { DEFAULT_OPTIONS, type RootCauseOptions } from './types';

export const plugin = new PanelPlugin<RootCauseOptions>(RootCausePanel).setPanelOptions((builder) =>
  builder
    .addNumberInput({ path: 'maxHypotheses', name: 'Hypotheses shown', defaultValue: DEFAULT_OPTIONS.maxHypotheses, settings: { min: 1, max: 20, integer: true } })
    .addSliderInput({
      path: 'minConfidence',
      name: 'Minimum confidence',
      description: 'Hide hypotheses below this confidence.',
      defaultValue: DEFAULT_OPTIONS.minConfidence,
      settings: { min: 0, max: 1, step: 0.05 },
    })
    .addBooleanSwitch({ path: 'showSparklines', name: 'Evidence sparklines', defaultValue: DEFAULT_OPTIONS.showSparklines })
);
