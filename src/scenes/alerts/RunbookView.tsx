import React from 'react';
import { renderMarkdown } from '@grafana/data';
import { Alert, TextLink } from '@grafana/ui';

import { fillCondition, readableFor, ruleNumbers } from '../../alerting/condition';
import type { AlertPack } from '../../alerting/types';

/** One rule's section of docs/runbooks.md, where the rule's runbook_url points (…/alerts?runbook=<uid>). */
export function RunbookView({ pack, uid }: { pack: AlertPack; uid: string }) {
  const book = pack.runbooks[uid];
  const rule = pack.groups.flatMap((g) => g.rules).find((r) => r.uid === uid);
  if (!book || !rule) {
    return (
      <Alert severity="warning" title="Unknown runbook">
        No LLM Ops rule has the uid {uid}.
      </Alert>
    );
  }
  const words = fillCondition(book.words, ruleNumbers(rule.data));
  const pending = readableFor(rule.for);
  return (
    <section aria-labelledby="llmops-runbook" data-testid="data-testid llmops runbook">
      <h2 id="llmops-runbook">
        Runbook: {book.title} ({book.severity})
      </h2>
      <p>
        <strong>Fires when</strong> {words}
        {pending ? ` for ${pending}` : ''} (as shipped; a tuned rule shows its own threshold in the list below).
      </p>
      <div dangerouslySetInnerHTML={{ __html: renderMarkdown(book.markdown) }} />
      <p>
        <TextLink href={`/d/${rule.annotations.__dashboardUid__}?viewPanel=${rule.annotations.__panelId__}`}>
          Open the panel that shows this signal
        </TextLink>
      </p>
    </section>
  );
}
