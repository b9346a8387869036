/**
 * Grafana core fills @grafana/data's standard field-option registry (unit, decimals, min/max, colour,
 * thresholds, mappings, links …) at boot from its own code, which is not on npm. The harness registers
 * the same option ids with @grafana/data's own processors, so panels and scenes' VizPanel keep and
 * apply those options (without the registry, Grafana's option defaulting drops them). No editors:
 * the harness never shows panel options.
 */
import {
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  FieldConfigProperty,
  identityOverrideProcessor,
  numberOverrideProcessor,
  standardEditorsRegistry,
  standardFieldConfigEditorRegistry,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  valueMappingsOverrideProcessor,
  type FieldConfigPropertyItem,
} from '@grafana/data';

const none = () => null;

function option(id: string, process: FieldConfigPropertyItem['process'], defaultValue?: unknown): FieldConfigPropertyItem {
  return { id, path: id, name: id, editor: none, override: none, process, shouldApply: () => true, defaultValue } as FieldConfigPropertyItem;
}

/** Option editor kinds panels' option builders ask for (addNumberInput → "number" …); no UI in the harness. */
const EDITOR_IDS = ['number', 'text', 'strings', 'boolean', 'radio', 'select', 'multi-select', 'slider', 'color', 'unit', 'field-name', 'stats-picker', 'links', 'mappings', 'thresholds', 'timezone', 'fieldColor', 'custom', 'date-time'];

export function registerStandardFieldOptions() {
  standardEditorsRegistry.setInit(() => EDITOR_IDS.map((id) => ({ id, name: id, editor: none })));
  standardFieldConfigEditorRegistry.setInit(() => [
    option(FieldConfigProperty.Unit, stringOverrideProcessor),
    option(FieldConfigProperty.Min, numberOverrideProcessor),
    option(FieldConfigProperty.Max, numberOverrideProcessor),
    option('fieldMinMax', identityOverrideProcessor),
    option(FieldConfigProperty.Decimals, numberOverrideProcessor),
    option(FieldConfigProperty.DisplayName, displayNameOverrideProcessor),
    option(FieldConfigProperty.NoValue, stringOverrideProcessor),
    option(FieldConfigProperty.Color, identityOverrideProcessor, { mode: 'palette-classic' }),
    option(FieldConfigProperty.Thresholds, thresholdsOverrideProcessor, { mode: 'absolute', steps: [{ value: -Infinity, color: 'green' }] }),
    option(FieldConfigProperty.Mappings, valueMappingsOverrideProcessor, []),
    option(FieldConfigProperty.Links, dataLinksOverrideProcessor),
    option(FieldConfigProperty.Actions, identityOverrideProcessor),
    option('description', stringOverrideProcessor),
    option('filterable', identityOverrideProcessor),
    option('interval', numberOverrideProcessor),
  ]);
}
