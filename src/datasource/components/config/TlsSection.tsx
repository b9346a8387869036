import React from 'react';
import { Field, FieldSet, Input, SecretTextArea, Switch } from '@grafana/ui';

import type { LlmOpsJsonData, LlmOpsSecureJsonData } from '../../types';
import type { ConfigProps } from './ConfigEditor';
import { resetSecret, setJson, setSecret } from './update';

type Prefix = '' | 'jaeger';

/** Grafana's TLS setting names for Prometheus; the same with a `jaeger` prefix for Jaeger (pkg/datasource/tls-settings.ts). */
function keys(prefix: Prefix) {
  const k = (name: string) => (prefix ? `${prefix}${name[0].toUpperCase()}${name.slice(1)}` : name);
  return {
    auth: k('tlsAuth') as 'tlsAuth' | 'jaegerTlsAuth',
    withCA: k('tlsAuthWithCACert') as 'tlsAuthWithCACert' | 'jaegerTlsAuthWithCACert',
    skipVerify: k('tlsSkipVerify') as 'tlsSkipVerify' | 'jaegerTlsSkipVerify',
    serverName: k('serverName') as 'serverName' | 'jaegerServerName',
    ca: k('tlsCACert') as keyof LlmOpsSecureJsonData,
    cert: k('tlsClientCert') as keyof LlmOpsSecureJsonData,
    key: k('tlsClientKey') as keyof LlmOpsSecureJsonData,
  };
}

/**
 * TLS for Prometheus and for Jaeger: a private CA, a client certificate and key (mutual TLS), skip verify
 * and the name the server certificate carries. Certificates and keys are secrets (secureJsonData): once
 * saved they show as "configured" with a Reset button, never their text.
 */
export function TlsSection(props: ConfigProps) {
  return (
    <FieldSet label="TLS">
      <TlsFields {...props} prefix="" upstream="Prometheus" />
      <TlsFields {...props} prefix="jaeger" upstream="Jaeger" />
    </FieldSet>
  );
}

function TlsFields({ options, onOptionsChange, prefix, upstream }: ConfigProps & { prefix: Prefix; upstream: string }) {
  const k = keys(prefix);
  const json = options.jsonData;
  const configured = options.secureJsonFields ?? {};
  const secure = (options.secureJsonData ?? {}) as Record<string, string | undefined>;
  const toggle = (key: keyof LlmOpsJsonData, label: string, description: string) => (
    <Field label={label} description={description}>
      <Switch
        id={`llmops-${String(key)}`}
        aria-label={`${upstream} ${label}`}
        value={Boolean(json[key])}
        onChange={(e) => onOptionsChange(setJson(options, key, e.currentTarget.checked || undefined))}
      />
    </Field>
  );
  const pem = (key: keyof LlmOpsSecureJsonData, label: string, begin: string) => {
    const missing = !configured[key] && !secure[key];
    return (
      <Field label={label} invalid={missing} error={missing ? `${label} is empty: paste the PEM text` : undefined}>
        <SecretTextArea
          id={`llmops-${String(key)}`}
          aria-label={`${upstream} ${label}`}
          isConfigured={Boolean(configured[key])}
          value={secure[key] ?? ''}
          placeholder={`-----BEGIN ${begin}-----`}
          rows={5}
          cols={64}
          onChange={(e) => onOptionsChange(setSecret(options, key, e.currentTarget.value))}
          onReset={() => onOptionsChange(resetSecret(options, key))}
        />
      </Field>
    );
  };
  return (
    <div role="group" aria-label={`${upstream} TLS`}>
      <h6>{upstream}</h6>
      {toggle(k.withCA, 'With CA cert', `Trust servers signed by this CA (a private CA) instead of the system roots, for ${upstream}'s https URL.`)}
      {json[k.withCA] && pem(k.ca, 'CA certificate', 'CERTIFICATE')}
      {toggle(k.auth, 'TLS client auth', `Present a client certificate to ${upstream} (mutual TLS).`)}
      {json[k.auth] && (
        <>
          {pem(k.cert, 'Client certificate', 'CERTIFICATE')}
          {pem(k.key, 'Client key', 'PRIVATE KEY')}
        </>
      )}
      <Field label="TLS server name" description="The name the server certificate carries, when the URL uses another host name or an IP address.">
        <Input
          id={`llmops-${k.serverName}`}
          aria-label={`${upstream} TLS server name`}
          width={40}
          value={json[k.serverName] ?? ''}
          placeholder="prometheus.example.com"
          onChange={(e) => onOptionsChange(setJson(options, k.serverName, e.currentTarget.value || undefined))}
        />
      </Field>
      {toggle(k.skipVerify, 'Skip TLS verify', 'Accept any server certificate. For tests only: it makes the connection open to interception.')}
    </div>
  );
}
