import React from 'react';
import { Field, FieldSet, Input, SecretInput, Switch } from '@grafana/ui';

import type { ConfigProps } from './ConfigEditor';
import { CustomHeaders } from './CustomHeaders';
import { resetSecret, setJson, setSecret } from './update';

export function AuthSection(props: ConfigProps) {
  const { options, onOptionsChange } = props;
  const configured = options.secureJsonFields ?? {};
  const secure = options.secureJsonData ?? {};
  const secret = (key: 'basicAuthPassword' | 'prometheusBearerToken' | 'jaegerBearerToken', label: string, placeholder: string) => (
    <SecretInput
      id={`llmops-${key}`}
      aria-label={label}
      isConfigured={Boolean(configured[key])}
      value={secure[key] ?? ''}
      placeholder={placeholder}
      width={40}
      onChange={(e) => onOptionsChange(setSecret(options, key, e.currentTarget.value))}
      onReset={() => onOptionsChange(resetSecret(options, key))}
    />
  );
  return (
    <FieldSet label="Authentication">
      <Field label="Basic auth" description="Send a user and password to the Prometheus API.">
        <Switch
          id="llmops-basic-auth"
          aria-label="Basic auth"
          value={Boolean(options.jsonData.basicAuth)}
          onChange={(e) => onOptionsChange(setJson(options, 'basicAuth', e.currentTarget.checked))}
        />
      </Field>
      {options.jsonData.basicAuth && (
        <>
          <Field label="User">
            <Input
              id="llmops-basic-user"
              aria-label="Basic auth user"
              width={40}
              value={options.jsonData.basicAuthUser ?? ''}
              onChange={(e) => onOptionsChange(setJson(options, 'basicAuthUser', e.currentTarget.value))}
            />
          </Field>
          <Field label="Password">{secret('basicAuthPassword', 'Basic auth password', 'Password')}</Field>
        </>
      )}
      <Field label="Prometheus bearer token" description="Sent as Authorization: Bearer to the Prometheus API.">
        {secret('prometheusBearerToken', 'Prometheus bearer token', 'Token')}
      </Field>
      <Field label="Jaeger bearer token" description="Sent as Authorization: Bearer to the Jaeger API.">
        {secret('jaegerBearerToken', 'Jaeger bearer token', 'Token')}
      </Field>
      <CustomHeaders {...props} />
    </FieldSet>
  );
}
