// TLS settings of one upstream, under Grafana's datasource names: for Prometheus jsonData.tlsAuth
// (client certificate), jsonData.tlsAuthWithCACert (own CA), jsonData.tlsSkipVerify, jsonData.serverName
// and secureJsonData.tlsCACert / tlsClientCert / tlsClientKey, as Grafana's Prometheus datasource and its
// provisioning files spell them; for Jaeger the same names with a `jaeger` prefix (jaegerTlsAuth,
// secureJsonData.jaegerTlsCACert …). Certificates and keys are PEM text from secureJsonData: checked
// here so a bad paste fails with the field's name, and never quoted in a message.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';

export interface TlsSettings {
  /** PEM CA bundle that replaces the system roots for this upstream. */
  ca?: string;
  /** PEM client certificate and key (mutual TLS). Secret: never log or return. */
  cert?: string;
  key?: string;
  /** false = skip verification of the server certificate (testing only). */
  rejectUnauthorized: boolean;
  /** Name the server certificate must carry (and SNI), when it differs from the URL's host. */
  servername?: string;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** The keys of one upstream's TLS settings: Grafana's own for Prometheus, `jaeger`-prefixed for Jaeger. */
export function tlsKeys(prefix: '' | 'jaeger') {
  const k = (name: string) => (prefix ? `${prefix}${name[0]!.toUpperCase()}${name.slice(1)}` : name);
  return {
    auth: k('tlsAuth'),
    withCA: k('tlsAuthWithCACert'),
    skipVerify: k('tlsSkipVerify'),
    serverName: k('serverName'),
    ca: k('tlsCACert'),
    cert: k('tlsClientCert'),
    key: k('tlsClientKey'),
  };
}

/**
 * TLS settings for one upstream, or undefined when none are set (system roots, full verification).
 * `what` names the upstream in messages ("Prometheus", "Jaeger").
 */
export function parseTlsSettings(
  json: Record<string, unknown>,
  secure: Record<string, string | undefined>,
  prefix: '' | 'jaeger',
  what: string,
  errors: string[]
): TlsSettings | undefined {
  const keys = tlsKeys(prefix);
  const tls: TlsSettings = { rejectUnauthorized: json[keys.skipVerify] !== true };
  if (json[keys.withCA] === true) {
    tls.ca = text(secure[keys.ca]);
    if (!tls.ca) errors.push(`${what} TLS: "With CA cert" is on but the CA certificate (secureJsonData.${keys.ca}) is empty: paste the PEM certificate or turn it off.`);
  }
  if (json[keys.auth] === true) {
    tls.cert = text(secure[keys.cert]);
    tls.key = text(secure[keys.key]);
    if (!tls.cert) errors.push(`${what} TLS: "TLS client auth" is on but the client certificate (secureJsonData.${keys.cert}) is empty.`);
    if (!tls.key) errors.push(`${what} TLS: "TLS client auth" is on but the client key (secureJsonData.${keys.key}) is empty.`);
  }
  const serverName = json[keys.serverName];
  if (serverName !== undefined && serverName !== '') {
    if (typeof serverName !== 'string' || !/^[A-Za-z0-9.-]{1,253}$/.test(serverName)) {
      errors.push(`${what} TLS: server name (jsonData.${keys.serverName}) must be a host name such as prometheus.example.com.`);
    } else tls.servername = serverName;
  }
  checkPem(tls, keys, what, errors);
  const set = tls.ca || tls.cert || tls.key || tls.servername || !tls.rejectUnauthorized;
  return set ? tls : undefined;
}

/** Parses the PEM text once; the parser's reason (never the content) goes into the message. */
function checkPem(tls: TlsSettings, keys: ReturnType<typeof tlsKeys>, what: string, errors: string[]): void {
  const bad = (field: string, label: string, e: unknown) =>
    errors.push(`${what} TLS: the ${label} (secureJsonData.${field}) cannot be read as PEM (${reason(e)}): paste the whole "-----BEGIN …-----" block.`);
  if (tls.ca) {
    try {
      // Every certificate of the bundle must parse; a bundle without one is a paste error.
      const blocks = tls.ca.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
      if (!blocks) throw new Error('no certificate block');
      for (const b of blocks) new X509Certificate(b);
    } catch (e) {
      bad(keys.ca, 'CA certificate', e);
    }
  }
  let cert: X509Certificate | undefined;
  let key: KeyObject | undefined;
  if (tls.cert) {
    try {
      cert = new X509Certificate(tls.cert);
    } catch (e) {
      bad(keys.cert, 'client certificate', e);
    }
  }
  if (tls.key) {
    try {
      key = createPrivateKey(tls.key);
    } catch (e) {
      bad(keys.key, 'client key', e);
    }
  }
  if (cert && key && !cert.checkPrivateKey(key)) {
    errors.push(`${what} TLS: the client key (secureJsonData.${keys.key}) does not belong to the client certificate (secureJsonData.${keys.cert}).`);
  }
}

/** The parser's reason without any input text: "no start line", "unsupported" and the like. */
function reason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const m = /routines::([\w ]+)/.exec(msg);
  return (m?.[1] ?? (msg.length <= 60 && !/-----/.test(msg) ? msg : 'unreadable')).trim();
}
