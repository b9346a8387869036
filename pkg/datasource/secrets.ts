// The scrubber for one datasource: every secure setting Grafana decrypted for us is a secret, and so is
// the basic-auth user:password pair (whose base64 is what travels). Built from the raw settings, so it
// also protects messages about settings that failed validation.
import { createScrubber, type Scrub } from '../grafana/secret-scrubber';
import type { DataSourceInstanceSettings } from '../grafana/types';

export function scrubberFor(raw: DataSourceInstanceSettings | undefined): Scrub {
  const secure = raw?.decryptedSecureJsonData ?? {};
  const values = Object.values(secure).filter((v): v is string => typeof v === 'string' && v !== '');
  const json = (raw?.jsonData ?? {}) as Record<string, unknown>;
  const users = [raw?.basicAuthUser, json.basicAuthUser].filter((u): u is string => typeof u === 'string');
  const password = secure.basicAuthPassword;
  const basicAuth = password ? [...new Set(users.length ? users : [''])].map((user) => ({ user, password })) : [];
  return createScrubber({ values, basicAuth });
}
