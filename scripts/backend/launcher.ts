// The linux entry point Grafana starts: a POSIX shell script that runs the program (Bun or Node SEA) through the
// glibc loader shipped beside it. Asking the loader explicitly (rather than the ELF's /lib64 path) is
// what lets one file start on musl hosts, which have no glibc loader, and on glibc hosts of any version.
import { LINUX_PROGRAM, LINUX_RUNTIMES, type Goarch } from './platforms';

export function launcherScript(goarch: Goarch): string {
  const rt = LINUX_RUNTIMES[goarch];
  return [
    '#!/bin/sh',
    `# LLM Ops datasource backend, linux ${goarch}. Runs ${rt.dir}/${LINUX_PROGRAM} (the backend program) with the`,
    '# glibc shipped beside it, so it starts on glibc hosts and on musl hosts (Alpine) alike.',
    'case "$0" in */*) here=${0%/*} ;; *) here=. ;; esac',
    `rt="$here/${rt.dir}"`,
    `exec "$rt/${rt.loader}" --library-path "$rt" --argv0 "$0" "$rt/${LINUX_PROGRAM}" "$@"`,
    '',
  ].join('\n');
}
