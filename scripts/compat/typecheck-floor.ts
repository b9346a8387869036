/**
 * Type-checks src/ against the @grafana/* packages of an older Grafana (the grafanaDependency floor,
 * 11.6.0, set by @grafana/scenes 8.19), to catch APIs, props and icon names (IconName is a union type) that the floor lacks. CI
 * cannot fetch packages, so this is run by hand against a scratch install outside the repo:
 *   mkdir -p /tmp/grafana-11.6 && cd /tmp/grafana-11.6 && npm init -y >/dev/null &&
 *     npm i @grafana/data@11.6.0 @grafana/ui@11.6.0 @grafana/runtime@11.6.0 @grafana/schema@11.6.0 \
 *       --no-save --ignore-scripts --legacy-peer-deps
 *   npx tsx scripts/compat/typecheck-floor.ts /tmp/grafana-11.6/node_modules
 * React, rxjs and emotion stay this repository's copies (Grafana shares one copy with plugins), so only
 * the @grafana/* API differs. Exits with tsc's status.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const GRAFANA_PACKAGES = ['data', 'ui', 'runtime', 'schema'];
const SHARED = {
  rxjs: 'node_modules/rxjs',
  'rxjs/*': 'node_modules/rxjs/*',
  react: 'node_modules/@types/react',
  'react/*': 'node_modules/@types/react/*',
  'react-dom': 'node_modules/@types/react-dom',
  '@emotion/css': 'node_modules/@emotion/css',
  csstype: 'node_modules/csstype',
};

function main(argv: string[]) {
  const modules = argv[0] && path.resolve(argv[0]);
  if (!modules || !fs.existsSync(path.join(modules, '@grafana', 'data', 'package.json'))) {
    console.error('usage: npx tsx scripts/compat/typecheck-floor.ts <node_modules holding the older @grafana/* packages>');
    process.exit(2);
  }
  const root = path.resolve(__dirname, '..', '..');
  const paths: Record<string, string[]> = {};
  for (const name of GRAFANA_PACKAGES) {
    const dir = path.join(modules, '@grafana', name);
    if (fs.existsSync(dir)) {
      paths[`@grafana/${name}`] = [dir];
    }
  }
  for (const [name, rel] of Object.entries(SHARED)) {
    paths[name] = [path.join(root, rel)];
  }
  const versions = Object.keys(paths)
    .filter((p) => p.startsWith('@grafana/'))
    .map((p) => `${p}@${JSON.parse(fs.readFileSync(path.join(paths[p][0], 'package.json'), 'utf8')).version}`);
  const tsconfig = {
    extends: path.join(root, 'tsconfig.json'),
    compilerOptions: { noEmit: true, baseUrl: root, paths },
    include: [path.join(root, 'src')],
    exclude: [path.join(root, 'src/**/*.test.ts'), path.join(root, 'src/**/*.test.tsx')],
  };
  const file = path.join(root, '.tmp', 'tsconfig.floor.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(tsconfig, null, 2));
  console.log(`typecheck-floor: src/ against ${versions.join(', ')}`);
  const res = spawnSync('npx', ['tsc', '-p', file, '--pretty', 'false'], { cwd: root, stdio: 'inherit' });
  console.log(`typecheck-floor: ${res.status === 0 ? 'OK' : 'FAILED'}`);
  process.exit(res.status ?? 1);
}

main(process.argv.slice(2));
