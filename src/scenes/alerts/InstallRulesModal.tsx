import React, { useState } from 'react';
import type { DataSourceInstanceSettings } from '@grafana/data';
import { Alert, Button, Checkbox, Field, Input, Modal, RadioButtonGroup, Select, Stack } from '@grafana/ui';

import {
  applyInstall,
  createFolder,
  forFolder,
  listFolders,
  planInstall,
  type InstallPlan,
  type InstallResult,
  type RuleAction,
} from '../../alerting/install';
import type { AlertPack } from '../../alerting/types';
import { errorText } from '../../shared/api';
import { grafanaRequest } from '../../shared/grafanaRequest';
import { useAsyncData } from '../../shared/useAsyncData';

const ACTION_WORDS: Record<RuleAction, string> = {
  create: 'will be created',
  update: 'will be updated to the new version',
  unchanged: 'already installed, unchanged',
  conflict: 'edited in Grafana: kept unless you tick it',
  elsewhere: 'its uid is used elsewhere: left alone',
};

interface Props {
  pack: AlertPack;
  datasources: DataSourceInstanceSettings[];
  orgId: number;
  onDismiss: () => void;
  onInstalled: () => void;
}

/** Pick folder and datasource, see what installing would do (conflicts listed), then install. */
export function InstallRulesModal({ pack, datasources, orgId, onDismiss, onInstalled }: Props) {
  const folders = useAsyncData(() => listFolders(grafanaRequest), 'folders');
  const [mode, setMode] = useState<'new' | 'existing'>('new');
  const [newTitle, setNewTitle] = useState(pack.folderTitle);
  const [folderUid, setFolderUid] = useState<string>();
  const [dsUid, setDsUid] = useState<string | undefined>(datasources[0]?.uid);
  const [plan, setPlan] = useState<InstallPlan>();
  const [overwrite, setOverwrite] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<InstallResult>();

  // A new folder is created only when installing; a title that already exists means that folder.
  const sameTitle = mode === 'new' ? folders.value?.find((f) => f.title === newTitle.trim()) : undefined;
  const check = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const uid = mode === 'new' ? sameTitle?.uid : folderUid;
      if ((mode === 'existing' && !uid) || !dsUid) {
        throw new Error('Pick a folder and an LLM Ops datasource.');
      }
      setPlan(
        await planInstall(
          grafanaRequest,
          pack,
          { folderUid: uid ?? '', orgId, datasourceUid: dsUid },
          { newFolder: !uid }
        )
      );
      setOverwrite([]);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const install = async () => {
    if (!plan) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const target = plan.target.folderUid
        ? plan
        : forFolder(plan, (await createFolder(grafanaRequest, newTitle.trim())).uid);
      setResult(await applyInstall(grafanaRequest, pack, target, overwrite));
      onInstalled();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const conflicts = plan?.rules.filter((r) => r.action === 'conflict') ?? [];
  const changes = plan?.rules.filter((r) => r.action === 'create' || r.action === 'update').length ?? 0;
  return (
    <Modal title="Install alert rules" isOpen onDismiss={onDismiss}>
      <p>
        Installs the LLM Ops rules through Grafana&apos;s alerting provisioning API, editable in Alerting › Alert rules.
        Running it again updates the rules it installed and never overwrites one you edited unless you tick it below.
      </p>
      {!result && (
        <Stack direction="column" gap={1}>
          <Field label="Folder">
            <RadioButtonGroup<'new' | 'existing'>
              options={[
                { label: 'New folder', value: 'new' },
                { label: 'Existing folder', value: 'existing' },
              ]}
              value={mode}
              onChange={(v) => {
                setMode(v);
                setPlan(undefined);
              }}
            />
          </Field>
          {mode === 'new' ? (
            <Field
              label="Folder title"
              description={
                sameTitle ? 'A folder with this title exists: the rules go into it.' : 'Created when you install.'
              }
            >
              <Input
                aria-label="Folder title"
                value={newTitle}
                onChange={(e) => {
                  setNewTitle(e.currentTarget.value);
                  setPlan(undefined);
                }}
              />
            </Field>
          ) : (
            <Field label="Existing folder">
              <Select
                aria-label="Existing folder"
                isLoading={folders.loading}
                options={(folders.value ?? []).map((f) => ({ label: f.title, value: f.uid }))}
                value={folderUid}
                onChange={(v) => {
                  setFolderUid(v?.value);
                  setPlan(undefined);
                }}
              />
            </Field>
          )}
          <Field label="LLM Ops datasource the rules query">
            <Select
              aria-label="Datasource"
              options={datasources.map((d) => ({ label: d.name, value: d.uid }))}
              value={dsUid}
              onChange={(v) => {
                setDsUid(v?.value);
                setPlan(undefined);
              }}
            />
          </Field>
          {plan && (
            <div data-testid="data-testid llmops install plan">
              <h4>
                {changes} rule{changes === 1 ? '' : 's'} to create or update
                {conflicts.length ? `, ${conflicts.length} edited in Grafana` : ''}
              </h4>
              <ul>
                {plan.rules.map((r) => (
                  <li key={r.uid}>
                    {r.action === 'conflict' ? (
                      <Checkbox
                        label={`${r.title}: ${r.detail}. Overwrite with the pack's version`}
                        value={overwrite.includes(r.uid)}
                        onChange={(e) =>
                          setOverwrite((o) => (e.currentTarget.checked ? [...o, r.uid] : o.filter((x) => x !== r.uid)))
                        }
                      />
                    ) : (
                      <span>
                        {r.title}: {ACTION_WORDS[r.action]}
                        {r.detail ? ` (${r.detail})` : ''}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </Stack>
      )}
      {error && (
        <Alert severity="error" title="Could not install the alert rules">
          {error}
        </Alert>
      )}
      {result && (
        <Alert severity="success" title="Alert rules installed">
          {result.created.length} created, {result.updated.length + result.overwritten.length} updated,{' '}
          {result.kept.length} kept as you edited them
          {result.skipped.length ? `, ${result.skipped.length} left alone (uid used elsewhere)` : ''}.
        </Alert>
      )}
      <Modal.ButtonRow>
        <Button variant="secondary" onClick={onDismiss}>
          {result ? 'Close' : 'Cancel'}
        </Button>
        {!result &&
          (plan ? (
            <Button onClick={install} disabled={busy || changes + overwrite.length === 0}>
              Install {changes + overwrite.length} rule{changes + overwrite.length === 1 ? '' : 's'}
            </Button>
          ) : (
            <Button onClick={check} disabled={busy || !dsUid || (mode === 'new' ? !newTitle.trim() : !folderUid)}>
              Check what will change
            </Button>
          ))}
      </Modal.ButtonRow>
    </Modal>
  );
}
