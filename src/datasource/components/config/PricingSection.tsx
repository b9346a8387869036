import React from 'react';
import { Field, FieldSet, Input } from '@grafana/ui';

import { apiRowsToPrices, gpuRowsToPrices, type SettingsErrors } from '../../configValidation';
import type { ConfigProps } from './ConfigEditor';
import { PriceTable } from './PriceTable';
import { NumberField } from './NumberField';
import { setJson } from './update';

export function PricingSection({ options, onOptionsChange, errors }: ConfigProps & { errors: SettingsErrors }) {
  const { jsonData } = options;
  const currency = jsonData.currency || 'USD';
  const gpuRows = Object.entries(jsonData.gpuHourlyPrices ?? {}).map(([name, price]) => ({ name, values: [String(price)] }));
  const apiRows = Object.entries(jsonData.apiPrices ?? {}).map(([name, p]) => ({ name, values: [String(p.input), String(p.output)] }));
  return (
    <FieldSet label="Cost">
      <Field label="Currency" invalid={Boolean(errors.currency)} error={errors.currency}>
        <Input
          id="llmops-currency"
          aria-label="Currency"
          width={12}
          value={jsonData.currency ?? ''}
          placeholder="USD"
          onChange={(e) => onOptionsChange(setJson(options, 'currency', e.currentTarget.value.toUpperCase() || undefined))}
        />
      </Field>
      <NumberField
        id="llmops-electricity"
        label={`Electricity price (${currency} per kWh)`}
        ariaLabel="Electricity price per kWh"
        error={errors.electricityPricePerKwh}
        value={jsonData.electricityPricePerKwh}
        placeholder="0.15"
        onChange={(v) => onOptionsChange(setJson(options, 'electricityPricePerKwh', v))}
      />
      <NumberField
        id="llmops-grid-carbon"
        label="Grid carbon intensity (g CO2e per kWh)"
        ariaLabel="Grid carbon intensity"
        description="For carbon per 1M tokens; default 400 (world average). Use your region's or supplier's figure."
        error={errors.gridCarbonIntensity}
        value={jsonData.gridCarbonIntensity}
        placeholder="400"
        onChange={(v) => onOptionsChange(setJson(options, 'gridCarbonIntensity', v))}
      />
      <PriceTable
        title="GPU-hour prices"
        description="GPU model as DCGM reports it (modelName) or a short form such as H100."
        nameLabel="GPU model"
        valueLabels={[`${currency} per GPU-hour`]}
        initialRows={gpuRows}
        onChange={(rows) =>
          onOptionsChange(setJson(options, 'gpuHourlyPrices', gpuRowsToPrices(rows.map((r) => ({ name: r.name, price: r.values[0] })))))
        }
      />
      <PriceTable
        title="API prices"
        description="Hosted-API prices per 1M tokens, to compare self-hosting cost with."
        nameLabel="Model"
        valueLabels={[`Input ${currency} / 1M tokens`, `Output ${currency} / 1M tokens`]}
        initialRows={apiRows}
        onChange={(rows) =>
          onOptionsChange(
            setJson(options, 'apiPrices', apiRowsToPrices(rows.map((r) => ({ name: r.name, input: r.values[0], output: r.values[1] }))))
          )
        }
      />
    </FieldSet>
  );
}
