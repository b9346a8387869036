import React, { useState } from 'react';
import { InlineField, InlineFieldRow, Input } from '@grafana/ui';

import { durationError } from '../../queryValidation';
import type { Resources } from '../../resources';
import type { LlmOpsQuery } from '../../types';
import { LimitField } from './LimitField';
import { ServiceOperationRow } from './ServiceOperationRow';

interface Props {
  query: LlmOpsQuery;
  onChange: (q: LlmOpsQuery) => void;
  onRunQuery: () => void;
  resources: Resources;
}

/** `key=value key2="a b"` <-> tags object. */
export function parseTags(text: string): Record<string, string> | string {
  const tags: Record<string, string> = {};
  const re = /\s*([^\s=]+)=("([^"]*)"|(\S*))/y;
  let pos = 0;
  const t = text.trim();
  while (pos < t.length) {
    re.lastIndex = pos;
    const m = re.exec(t);
    if (!m) {
      return 'Write tags as key=value pairs separated by spaces, e.g. http.status_code=500 gen_ai.request.model=llama';
    }
    tags[m[1]] = m[3] ?? m[4];
    pos = re.lastIndex;
  }
  return tags;
}

export function formatTags(tags: Record<string, string> | undefined): string {
  return Object.entries(tags ?? {})
    .map(([k, v]) => (/[\s"]/.test(v) || v === '' ? `${k}="${v}"` : `${k}=${v}`))
    .join(' ');
}

export function TracesFields({ query, onChange, onRunQuery, resources }: Props) {
  const [tagsText, setTagsText] = useState(formatTags(query.tags));
  const tags = parseTags(tagsText);
  const minDurationError = durationError(query.minDuration);
  const set = (patch: Partial<LlmOpsQuery>, run = true) => {
    onChange({ ...query, ...patch });
    if (run) {
      onRunQuery();
    }
  };
  return (
    <>
      <ServiceOperationRow
        service={query.service}
        operation={query.operation}
        resources={resources}
        onChange={(patch) => set(patch)}
      />
      <InlineFieldRow>
        <InlineField
          label="Tags"
          labelWidth={14}
          grow
          invalid={typeof tags === 'string'}
          error={typeof tags === 'string' ? tags : undefined}
        >
          <Input
            aria-label="Tags"
            value={tagsText}
            placeholder="http.status_code=500"
            onChange={(e) => setTagsText(e.currentTarget.value)}
            onBlur={() => typeof tags !== 'string' && set({ tags: Object.keys(tags).length ? tags : undefined })}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField label="Min duration" labelWidth={14} invalid={Boolean(minDurationError)} error={minDurationError}>
          <Input
            aria-label="Min duration"
            width={16}
            value={query.minDuration ?? ''}
            placeholder="500ms"
            onChange={(e) => set({ minDuration: e.currentTarget.value || undefined }, false)}
            onBlur={() => !minDurationError && onRunQuery()}
          />
        </InlineField>
        <LimitField value={query.limit} defaultLimit={20} labelWidth={10} onChange={(limit) => set({ limit }, false)} onRunQuery={onRunQuery} />
      </InlineFieldRow>
    </>
  );
}
