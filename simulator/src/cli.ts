// CLI: `live` serves /metrics and sends traces; `backfill` writes history for promtool/VictoriaMetrics.
//   tsx simulator/src/cli.ts live --port 9400 --otlp http://127.0.0.1:4318 --scenario demo --fleet default
//   tsx simulator/src/cli.ts backfill --days 7 --out /tmp/llm.om --format openmetrics --scenario demo
import { writeBackfill, type BackfillFormat } from './backfill';
import { startLiveSimulator } from './live';

const USAGE = `usage:
  cli.ts live     [--port 9400] [--host 127.0.0.1] [--seed 42] [--scenario demo|healthy|<file>] [--otlp <url>]
                  [--fleet small|default|engines|<file.json>] [--speed 1] [--sensitive-every 40]
  cli.ts backfill --out <file> [--days 7 | --duration 12h] [--format openmetrics|vm|tsdb] [--end <ISO|-1h|now>]
                  [--seed 42] [--scenario demo] [--otlp <url>] [--fleet default] [--sensitive 10]
                  [--ground-truth <file>]`;

type Flags = Record<string, string>;

function parseFlags(args: string[]): Flags {
  const flags: Flags = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"\n${USAGE}`);
    const eq = a.indexOf('=');
    if (eq > 0) flags[a.slice(2, eq)] = a.slice(eq + 1);
    else {
      const next = args[i + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`flag ${a} needs a value\n${USAGE}`);
      flags[a.slice(2)] = next;
      i++;
    }
  }
  return flags;
}

function num(flags: Flags, name: string, dflt?: number): number | undefined {
  if (flags[name] === undefined) return dflt;
  const v = Number(flags[name]);
  if (!Number.isFinite(v)) throw new Error(`--${name} must be a number, got "${flags[name]}"`);
  return v;
}

function only(flags: Flags, allowed: string[]): void {
  for (const k of Object.keys(flags)) if (!allowed.includes(k)) throw new Error(`unknown flag --${k}\n${USAGE}`);
}

async function main(argv: string[]): Promise<void> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const flags = parseFlags(rest);
  const common = { seed: num(flags, 'seed', 42), scenario: flags.scenario ?? (cmd === 'live' ? 'healthy' : 'demo'), fleet: flags.fleet ?? 'default' };
  if (cmd === 'live') {
    only(flags, ['port', 'host', 'seed', 'scenario', 'otlp', 'fleet', 'speed', 'sensitive-every']);
    const sim = await startLiveSimulator({
      ...common,
      port: num(flags, 'port', 9400),
      host: flags.host ?? '127.0.0.1',
      otlp: flags.otlp,
      speed: num(flags, 'speed', 1),
      sensitiveEvery: num(flags, 'sensitive-every', 40),
    });
    process.stderr.write(`simulator: serving ${sim.url}/metrics and ${sim.url}/ground-truth${flags.otlp ? `, traces to ${flags.otlp}` : ''}\n`);
    const shutdown = () => {
      void sim.stop().then(() => process.exit(0));
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    return;
  }
  if (cmd === 'backfill') {
    only(flags, ['out', 'days', 'duration', 'format', 'end', 'seed', 'scenario', 'otlp', 'fleet', 'sensitive', 'ground-truth']);
    if (!flags.out) throw new Error(`backfill needs --out <file>\n${USAGE}`);
    const res = await writeBackfill({
      ...common,
      out: flags.out,
      days: num(flags, 'days'),
      duration: flags.duration,
      format: (flags.format ?? 'openmetrics') as BackfillFormat,
      end: flags.end ?? 'now',
      otlp: flags.otlp,
      sensitive: num(flags, 'sensitive'),
      groundTruthFile: flags['ground-truth'],
    });
    process.stderr.write(
      `simulator: wrote ${res.samples} samples of ${res.series} series (${(res.bytes / 1e6).toFixed(1)} MB) to ${res.file} in ${res.seconds.toFixed(1)} s; ` +
        `ground truth ${res.groundTruthFile}; ${res.traces.length} traces${flags.otlp ? `, ${res.tracesSent} sent` : ''}\n`
    );
    return;
  }
  throw new Error(`unknown command "${cmd}"\n${USAGE}`);
}

main(process.argv.slice(2)).catch((e: Error) => {
  process.stderr.write(`simulator: ${e.message}\n`);
  process.exit(2);
});
