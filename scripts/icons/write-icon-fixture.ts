/**
 * Writes the icon-name fixture for one Grafana version, read from an installed @grafana/data (CI cannot
 * fetch packages, so the list is committed). To refresh it for the grafanaDependency floor:
 *   mkdir -p /tmp/grafana-11.6 && cd /tmp/grafana-11.6 && npm init -y >/dev/null &&
 *     npm i @grafana/data@11.6.0 --no-save --ignore-scripts --legacy-peer-deps
 *   npx tsx scripts/icons/write-icon-fixture.ts /tmp/grafana-11.6/node_modules/@grafana/data
 */
import fs from 'node:fs';
import path from 'node:path';

import { iconModulePath, readIconList } from './grafana-icon-list';

function main(argv: string[]) {
  const dir = argv[0];
  if (!dir) {
    console.error('usage: npx tsx scripts/icons/write-icon-fixture.ts <path to an installed @grafana/data>');
    process.exit(2);
  }
  const { version, names } = readIconList(path.resolve(dir));
  const out = path.resolve(__dirname, 'fixtures', `grafana-data-${version}-icons.json`);
  const fixture = {
    source: `npm @grafana/data@${version}, ${path.relative(path.resolve(dir), iconModulePath(path.resolve(dir)))}: keys of availableIconsIndex`,
    version,
    names,
  };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(fixture, null, 2) + '\n');
  console.log(`${out}: ${names.length} icon names of @grafana/data ${version}`);
}

main(process.argv.slice(2));
