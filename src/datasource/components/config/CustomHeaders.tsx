import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Field, IconButton, Input, SecretInput, useStyles2 } from '@grafana/ui';

import type { ConfigProps } from './ConfigEditor';
import type { Settings } from './update';

/** Header indexes in use: Grafana's convention is jsonData.httpHeaderNameN + secureJsonData.httpHeaderValueN. */
export function headerIndexes(options: Settings): number[] {
  return Object.keys(options.jsonData)
    .map((k) => /^httpHeaderName(\d+)$/.exec(k))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .filter((i) => options.jsonData[`httpHeaderName${i}`] !== undefined)
    .sort((a, b) => a - b);
}

export function CustomHeaders({ options, onOptionsChange }: ConfigProps) {
  const styles = useStyles2(getStyles);
  const indexes = headerIndexes(options);
  const update = (i: number, name: string | undefined, value?: string, reset = false) => {
    const jsonData = { ...options.jsonData, [`httpHeaderName${i}`]: name };
    const secureJsonData = { ...(options.secureJsonData ?? {}) };
    const secureJsonFields = { ...options.secureJsonFields };
    if (value !== undefined) {
      secureJsonData[`httpHeaderValue${i}`] = value;
    }
    if (reset) {
      secureJsonFields[`httpHeaderValue${i}`] = false;
      secureJsonData[`httpHeaderValue${i}`] = '';
    }
    onOptionsChange({ ...options, jsonData, secureJsonData, secureJsonFields });
  };
  const add = () => update(indexes.length ? Math.max(...indexes) + 1 : 1, '', '');
  return (
    <Field label="Custom HTTP headers" description="Sent to the Prometheus and Jaeger APIs. Values are stored encrypted.">
      <div className={styles.rows}>
        {indexes.map((i) => (
          <div key={i} className={styles.row} role="group" aria-label={`Header ${i}`}>
            <Input
              aria-label={`Header ${i} name`}
              placeholder="X-Scope-OrgID"
              width={24}
              value={options.jsonData[`httpHeaderName${i}`] ?? ''}
              onChange={(e) => update(i, e.currentTarget.value)}
            />
            <SecretInput
              aria-label={`Header ${i} value`}
              placeholder="Value"
              width={32}
              isConfigured={Boolean(options.secureJsonFields?.[`httpHeaderValue${i}`])}
              value={options.secureJsonData?.[`httpHeaderValue${i}`] ?? ''}
              onChange={(e) => update(i, options.jsonData[`httpHeaderName${i}`], e.currentTarget.value)}
              onReset={() => update(i, options.jsonData[`httpHeaderName${i}`], undefined, true)}
            />
            {/* IconButton's accessible name is its tooltip (an aria-label is ignored). */}
            <IconButton name="trash-alt" tooltip={`Remove header ${i}`} onClick={() => update(i, undefined, undefined, true)} />
          </div>
        ))}
        <Button variant="secondary" icon="plus" size="sm" onClick={add}>
          Add header
        </Button>
      </div>
    </Field>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  rows: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), alignItems: 'flex-start' }),
  row: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'center' }),
});
