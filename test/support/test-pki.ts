// A private PKI for TLS tests, made with the openssl CLI into a temporary directory: a CA, a server
// certificate for the given DNS name only (no IP, so connecting to 127.0.0.1 needs the server name
// setting), a client certificate signed by the CA, and a second CA that signed nothing the servers know.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestPki {
  dir: string;
  /** File paths (for the servers). */
  files: { caCert: string; serverCert: string; serverKey: string };
  /** PEM text (what a user pastes into the datasource settings). */
  caCert: string;
  clientCert: string;
  clientKey: string;
  /** A CA unrelated to the servers, and a client certificate it signed. */
  otherCaCert: string;
  otherClientCert: string;
  otherClientKey: string;
  remove(): void;
}

function openssl(dir: string, args: string[]): void {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
}

/** EC P-256 keys (fast); certificates valid from now for 2 days, so the run time does not matter. */
export function createTestPki(serverName: string): TestPki {
  const dir = mkdtempSync(path.join(tmpdir(), 'llmops-pki-'));
  const key = (name: string) => openssl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`]);
  const ca = (name: string) => {
    key(name);
    openssl(dir, ['req', '-x509', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-days', '2', '-out', `${name}.crt`]);
  };
  const leaf = (name: string, caName: string, ext: string) => {
    key(name);
    openssl(dir, ['req', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`]);
    writeFileSync(path.join(dir, `${name}.ext`), ext);
    openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${caName}.crt`, '-CAkey', `${caName}.key`, '-CAcreateserial', '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.crt`]);
  };
  ca('test-ca');
  ca('other-ca');
  leaf('server', 'test-ca', `subjectAltName=DNS:${serverName}\nextendedKeyUsage=serverAuth\n`);
  leaf('client', 'test-ca', 'extendedKeyUsage=clientAuth\n');
  leaf('other-client', 'other-ca', 'extendedKeyUsage=clientAuth\n');
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
  return {
    dir,
    files: { caCert: path.join(dir, 'test-ca.crt'), serverCert: path.join(dir, 'server.crt'), serverKey: path.join(dir, 'server.key') },
    caCert: read('test-ca.crt'),
    clientCert: read('client.crt'),
    clientKey: read('client.key'),
    otherCaCert: read('other-ca.crt'),
    otherClientCert: read('other-client.crt'),
    otherClientKey: read('other-client.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
