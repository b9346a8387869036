// Whether a filter regex is one Prometheus (RE2) would accept, as far as JS can tell: shared by the query
// schema (so an invalid regex is a 400 before anything runs, whatever the engines) and PromQL building.

/** A problem with a regex, or undefined when it is usable. */
export function regexProblem(value: string): string | undefined {
  if (/\(\?[=!<]|\\[1-9]/.test(value)) {
    return 'uses lookarounds or back-references, which Prometheus (RE2) does not support';
  }
  try {
    new RegExp(`^(?:${value})$`, 'u');
  } catch (e) {
    // JS and RE2 differ on a few escapes; only reject what neither could parse.
    try {
      new RegExp(`^(?:${value})$`);
    } catch {
      return `is not valid: ${(e as Error).message}`;
    }
  }
  return undefined;
}

/** The regex of a filter value (`"/re/"` or `{op: "=~"|"!~", value}`), if it is one. */
export function filterRegex(f: unknown): string | undefined {
  if (typeof f === 'string') return f.length >= 2 && f.startsWith('/') && f.endsWith('/') ? f.slice(1, -1) : undefined;
  if (f && typeof f === 'object' && !Array.isArray(f)) {
    const { op, value } = f as { op?: unknown; value?: unknown };
    if ((op === '=~' || op === '!~') && typeof value === 'string') return value;
  }
  return undefined;
}

/** A user value quoted in a message: at most `max` characters, so a 4 MB input is never echoed. */
export function quoteInput(value: string, max = 200): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
}
