import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { getBackendSrv, locationService } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Select, useStyles2 } from '@grafana/ui';
import { lastValueFrom } from 'rxjs';

import { PLUGIN_ID, type AppJsonData } from '../../constants';
import { errorText, llmOpsDatasources } from '../../shared/api';
import { testIds } from '../testIds';

type Props = PluginConfigPageProps<AppPluginMeta<AppJsonData>>;

export async function saveAppSettings(meta: AppPluginMeta<AppJsonData>, jsonData: AppJsonData): Promise<void> {
  await lastValueFrom(
    getBackendSrv().fetch({
      url: `/api/plugins/${PLUGIN_ID}/settings`,
      method: 'POST',
      data: { enabled: true, pinned: true, jsonData },
    })
  );
  void meta;
}

function AppConfig({ plugin }: Props) {
  const styles = useStyles2(getStyles);
  const meta = plugin.meta;
  const datasources = llmOpsDatasources();
  const [uid, setUid] = useState(meta.jsonData?.defaultDatasourceUid ?? '');
  const [state, setState] = useState<{ saving: boolean; error?: string; saved?: boolean }>({ saving: false });
  const known = datasources.some((d) => d.uid === uid);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setState({ saving: true });
    try {
      await saveAppSettings(meta, { ...(meta.jsonData ?? {}), defaultDatasourceUid: uid || undefined });
      setState({ saving: false, saved: true });
      locationService.reload();
    } catch (err) {
      setState({ saving: false, error: errorText(err) });
    }
  };
  return (
    <form onSubmit={submit} data-testid={testIds.appConfig.container} className={styles.form} aria-label="LLM Ops app settings">
      <FieldSet label="Default datasource">
        {datasources.length === 0 && (
          <Alert severity="info" title="No LLM Ops datasource found">
            Create a datasource of type “LLM Ops” first; the app pages query it.
          </Alert>
        )}
        <Field
          label="LLM Ops datasource"
          description="The app pages (overview, cost, root cause) query this datasource. Empty uses the first one found."
          invalid={Boolean(uid) && !known}
          error={uid && !known ? `No LLM Ops datasource with uid “${uid}” exists any more` : undefined}
        >
          <Select
            inputId="llmops-app-datasource"
            aria-label="Default LLM Ops datasource"
            data-testid={testIds.appConfig.datasource}
            width={40}
            isClearable
            options={datasources.map((d) => ({ label: d.name, value: d.uid, description: d.uid }))}
            value={uid || null}
            onChange={(o) => setUid(o?.value ?? '')}
          />
        </Field>
      </FieldSet>
      {state.error && (
        <Alert severity="error" title="Could not save settings">
          {state.error}
        </Alert>
      )}
      {state.saved && <Alert severity="success" title="Settings saved" />}
      <Button type="submit" disabled={state.saving} data-testid={testIds.appConfig.submit}>
        {state.saving ? 'Saving…' : 'Save settings'}
      </Button>
    </form>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({ maxWidth: 720, marginBottom: theme.spacing(4) }),
});

export default AppConfig;
