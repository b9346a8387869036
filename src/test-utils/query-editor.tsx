// The query editor as a panel's query row hosts it (state kept, every change reported), and a helper to
// pick an option from one of its selects: shared by the editor tests.
import React, { useState } from 'react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DataSourceInstanceSettings } from '@grafana/data';

import { DataSource } from '../datasource/datasource';
import { QueryEditor } from '../datasource/components/QueryEditor';
import type { LlmOpsJsonData, LlmOpsQuery } from '../datasource/types';

export const editorSettings = {
  uid: 'llmops',
  name: 'LLM Ops',
  type: 'llmops-observability-datasource',
  jsonData: {},
  meta: { id: 'llmops-observability-datasource' },
} as unknown as DataSourceInstanceSettings<LlmOpsJsonData>;

export function EditorHarness({
  initial,
  onChange,
  onRun,
}: {
  initial: LlmOpsQuery;
  onChange: (q: LlmOpsQuery) => void;
  onRun: () => void;
}) {
  const [query, setQuery] = useState(initial);
  return (
    <QueryEditor
      datasource={new DataSource(editorSettings)}
      query={query}
      onChange={(q) => {
        onChange(q);
        setQuery(q);
      }}
      onRunQuery={onRun}
    />
  );
}

/** Opens the select labelled `label` and clicks `option`. */
export async function choose(label: string, option: string | RegExp): Promise<void> {
  await userEvent.click(screen.getByLabelText(label));
  await userEvent.click(await screen.findByText(option));
}
