// Node's TLS failure codes → what the user should change in the datasource settings. Each message names
// the upstream and the setting; OpenSSL's own text never includes certificate or key content.
const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

/** A hint for a TLS error code, or undefined when the error is not about TLS. */
export function tlsHint(code: string | undefined, message: string): string | undefined {
  if (!code && !/SSL|TLS|certificate/i.test(message)) return undefined;
  if (code && UNTRUSTED.has(code)) {
    return `the server's certificate is not trusted (${code}): set its CA certificate under TLS settings ("With CA cert"), or turn on "Skip TLS verify" for a test setup`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') {
    return `the server's certificate does not name this host (${code}): set "TLS server name" to a name the certificate carries, or use that name in the URL`;
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return `the server's certificate is not valid now (${code}): renew it on the server`;
  }
  if (/certificate required|alert bad certificate|alert unknown ca|ALERT_CERTIFICATE_REQUIRED|ALERT_BAD_CERTIFICATE|ALERT_UNKNOWN_CA/i.test(`${code ?? ''} ${message}`)) {
    return `the server rejected the TLS handshake for want of a client certificate it accepts (${code ?? 'TLS alert'}): turn on "TLS client auth" and set a client certificate and key signed by the CA the server trusts`;
  }
  if (code === 'EPROTO' || (code && /^ERR_SSL_/.test(code))) {
    return `TLS handshake failed (${code}): check that the URL is https only if the server speaks TLS, and the TLS settings`;
  }
  return undefined;
}
