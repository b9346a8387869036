// dist checks for the backend executables: every platform present under the name Grafana starts, with the
// exec bit, in the right format for its OS and architecture; linux launchers with their runtime; darwin
// executables with a code signature that matches their pages (Apple silicon refuses anything else) and,
// for the Node SEA ones, the injected blob and flipped fuse (without them Node starts as plain Node).
import fs from 'node:fs';
import path from 'node:path';
import { exeKind, readHead } from './exe-format';
import { launcherScript } from './launcher';
import { checkSignature } from './macho';
import { LINUX_PROGRAM, LINUX_RUNTIMES, PLATFORMS, entryName, linuxLibs, type Platform } from './platforms';
import { machoSeaProblem } from './sea-resource';

const EXPECTED_FORMAT = { linux: 'sh', darwin: 'macho', windows: 'pe' } as const;

function isExecutable(file: string): boolean {
  return (fs.statSync(file).mode & 0o111) !== 0;
}

function checkLinuxRuntime(dir: string, rel: string, p: Platform, problem: (m: string) => void) {
  const rt = LINUX_RUNTIMES[p.goarch];
  const entry = path.join(dir, entryName(p));
  if (fs.readFileSync(entry, 'utf8') !== launcherScript(p.goarch)) problem(`${rel}/${entryName(p)} is not the launcher the build writes`);
  for (const file of [rt.loader, LINUX_PROGRAM, ...linuxLibs(p)]) {
    const f = path.join(dir, rt.dir, file);
    if (!fs.existsSync(f)) {
      problem(`${rel}/${rt.dir}/${file} is missing (the ${p.goarch} launcher needs it)`);
      continue;
    }
    const kind = exeKind(readHead(f));
    if (kind.format !== 'elf' || kind.arch !== p.goarch) problem(`${rel}/${rt.dir}/${file} is not an ${p.goarch} ELF file`);
    if (file !== rt.loader || isExecutable(f)) continue;
    problem(`${rel}/${rt.dir}/${file} is not executable (chmod +x)`);
  }
}

/** Problems with the executables in a datasource folder whose plugin.json names `executable`. */
export function checkExecutables(dir: string, rel: string, executable: string): string[] {
  const problems: string[] = [];
  const problem = (m: string) => problems.push(m);
  for (const p of PLATFORMS) {
    const name = `${executable}_${p.goos}_${p.goarch}${p.goos === 'windows' ? '.exe' : ''}`;
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) {
      problem(`backend executable ${rel}/${name} is missing (run npm run build:backend)`);
      continue;
    }
    if (!isExecutable(file)) problem(`backend executable ${rel}/${name} is not executable (chmod +x)`);
    const kind = exeKind(readHead(file));
    if (kind.format !== EXPECTED_FORMAT[p.goos]) {
      problem(`backend executable ${rel}/${name} is ${kind.format}, expected ${EXPECTED_FORMAT[p.goos]}`);
      continue;
    }
    if (kind.format === 'sh') {
      checkLinuxRuntime(dir, rel, p, problem);
    } else if (kind.arch !== p.goarch) {
      problem(`backend executable ${rel}/${name} is built for ${kind.arch}, expected ${p.goarch}`);
    } else if (kind.format === 'macho') {
      const bytes = fs.readFileSync(file);
      const sig = checkSignature(bytes);
      if (sig.problem) problem(`backend executable ${rel}/${name}: code signature: ${sig.problem}`);
      const sea = p.packaging === 'bun' ? undefined : machoSeaProblem(bytes);
      if (sea) problem(`backend executable ${rel}/${name}: Node SEA: ${sea}`);
    }
  }
  return problems;
}
