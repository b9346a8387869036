/**
 * Where a serving instance runs: its pod (the key DCGM uses for the GPUs it serves) and host (the key
 * of node_exporter), read from the instance's own series when the page opens and kept in the hidden
 * `pod` and `hostname` variables, so the GPU and host panels follow and the URL can be shared.
 */
import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { SceneObjectBase, sceneGraph, TextBoxVariable, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';
import { Alert, Stack, Text, useStyles2 } from '@grafana/ui';

import { errorText, runQueries } from '../shared/api';
import { signalQuery } from './queries';

/** Shown in the variables until the identity is known: matches no series, so no panel shows another pod's GPUs. */
export const UNRESOLVED = '(resolving)';

interface State extends SceneObjectState {
  dsUid: string;
  instance: string;
  engine?: string;
  namespace?: string;
  error?: string;
  loading?: boolean;
}

/** First series' labels of `requests_running` for the instance (every engine exports a running gauge). */
export async function resolveInstance(dsUid: string, instance: string, from: number, to: number): Promise<Record<string, string> | undefined> {
  const frames = await runQueries(dsUid, [signalQuery('A', 'requests_running', { aggregation: 'max', groupBy: ['instance', 'pod', 'hostname', 'engine', 'namespace'], filters: { instance } })], from, to);
  for (const f of frames) {
    const labels = f.fields.find((x) => x.labels)?.labels;
    if (labels) {
      return labels;
    }
  }
  return undefined;
}

export class InstanceIdentity extends SceneObjectBase<State> {
  static Component = InstanceIdentityRenderer;

  constructor(state: State) {
    super(state);
    this.addActivationHandler(() => {
      void this.resolve();
    });
  }

  private variable(name: string): TextBoxVariable | undefined {
    const v = sceneGraph.lookupVariable(name, this);
    return v instanceof TextBoxVariable ? v : undefined;
  }

  private async resolve() {
    const pod = this.variable('pod');
    const host = this.variable('hostname');
    const range = sceneGraph.getTimeRange(this).state.value;
    this.setState({ loading: true, error: undefined });
    try {
      const labels = await resolveInstance(this.state.dsUid, this.state.instance, range.from.valueOf(), range.to.valueOf());
      if (!labels) {
        this.setState({ loading: false, error: `No series of instance ${this.state.instance} in the picked range.` });
        return;
      }
      this.setState({ loading: false, engine: labels.engine, namespace: labels.namespace });
      if (labels.pod && pod?.getValue() !== labels.pod) {
        pod?.setValue(labels.pod);
      }
      if (labels.hostname && host?.getValue() !== labels.hostname) {
        host?.setValue(labels.hostname);
      }
    } catch (err) {
      this.setState({ loading: false, error: errorText(err) });
    }
  }
}

function useVariableValue(model: InstanceIdentity, name: string) {
  const v = sceneGraph.lookupVariable(name, model) as TextBoxVariable;
  return v.useState().value;
}

function InstanceIdentityRenderer({ model }: SceneComponentProps<InstanceIdentity>) {
  const { instance, engine, namespace, error, loading } = model.useState();
  const styles = useStyles2(getStyles);
  // The variables are found once per page; their state hooks re-render this box when they resolve.
  const pod = String(useVariableValue(model, 'pod') ?? '');
  const host = String(useVariableValue(model, 'hostname') ?? '');
  if (error) {
    return <Alert severity="warning" title="Cannot place this instance">{error}</Alert>;
  }
  const fact = (label: string, value?: string) => (
    <div className={styles.fact}>
      <Text color="secondary" variant="bodySmall">{label}</Text>
      <Text weight="medium">{loading || !value || value === UNRESOLVED ? '…' : value}</Text>
    </div>
  );
  return (
    <section aria-label="Instance identity" className={styles.box}>
      <Stack direction="row" gap={4} wrap="wrap">
        {fact('Instance', instance)}
        {fact('Engine', engine)}
        {fact('Pod', pod)}
        {fact('Namespace', namespace)}
        {fact('Host', host)}
      </Stack>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({ padding: theme.spacing(1.5, 2), background: theme.colors.background.primary, border: `1px solid ${theme.colors.border.weak}`, borderRadius: theme.shape.radius.default }),
  fact: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.25) }),
});
