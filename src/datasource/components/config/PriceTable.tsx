import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Field, IconButton, Input, useStyles2 } from '@grafana/ui';

import { priceRowErrors } from '../../configValidation';

export interface Row {
  name: string;
  values: string[];
}

interface Props {
  title: string;
  description: string;
  nameLabel: string;
  valueLabels: string[];
  initialRows: Row[];
  onChange: (rows: Row[]) => void;
}

/**
 * Editable price rows. Rows are kept locally while typing (a half-typed name or price must not
 * vanish), and only complete, valid rows are written to jsonData.
 */
export function PriceTable({ title, description, nameLabel, valueLabels, initialRows, onChange }: Props) {
  const styles = useStyles2(getStyles);
  const [rows, setRows] = useState<Row[]>(initialRows);
  const errors = priceRowErrors(rows);
  const commit = (next: Row[]) => {
    setRows(next);
    onChange(next);
  };
  const setCell = (i: number, col: number, text: string) =>
    commit(rows.map((r, j) => (j !== i ? r : col < 0 ? { ...r, name: text } : { ...r, values: r.values.map((v, k) => (k === col ? text : v)) })));
  return (
    <Field label={title} description={description}>
      <div>
        <table className={styles.table} aria-label={title}>
          <thead>
            <tr>
              <th scope="col">{nameLabel}</th>
              {valueLabels.map((l) => (
                <th scope="col" key={l}>
                  {l}
                </th>
              ))}
              <th scope="col">
                <span className={styles.hidden}>Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <React.Fragment key={i}>
                <tr>
                  <td>
                    <Input aria-label={`${title} row ${i + 1} ${nameLabel}`} value={row.name} width={24} invalid={Boolean(errors[i])} onChange={(e) => setCell(i, -1, e.currentTarget.value)} />
                  </td>
                  {valueLabels.map((l, col) => (
                    <td key={l}>
                      <Input
                        aria-label={`${title} row ${i + 1} ${l}`}
                        type="number"
                        min={0}
                        step="any"
                        width={20}
                        value={row.values[col] ?? ''}
                        invalid={Boolean(errors[i])}
                        onChange={(e) => setCell(i, col, e.currentTarget.value)}
                      />
                    </td>
                  ))}
                  <td>
                    {/* IconButton names itself after its tooltip (an aria-label is ignored), so the tooltip says which row. */}
                    <IconButton name="trash-alt" tooltip={`Remove ${title} row ${i + 1}`} onClick={() => commit(rows.filter((_, j) => j !== i))} />
                  </td>
                </tr>
                {errors[i] && (
                  <tr>
                    <td colSpan={valueLabels.length + 2} role="alert" className={styles.error}>
                      {errors[i]}
                    </td>
                  </tr>
                )}
              </React.Fragment>
            ))}
          </tbody>
        </table>
        <Button variant="secondary" size="sm" icon="plus" onClick={() => setRows([...rows, { name: '', values: valueLabels.map(() => '') }])}>
          Add row
        </Button>
      </div>
    </Field>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    borderCollapse: 'separate',
    borderSpacing: theme.spacing(1, 0.5),
    marginBottom: theme.spacing(1),
    th: { textAlign: 'left', color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  error: css({ color: theme.colors.error.text, fontSize: theme.typography.bodySmall.fontSize }),
  hidden: css({ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }),
});
