/**
 * Finds the Grafana icon names a source file uses: `icon="…"`/`icon={…}` props (Button, LinkButton,
 * Badge, ToolbarButton…), `name` on `<Icon>`/`<IconButton>`, `icon: '…'` in objects (plugin pages,
 * menu items) and literals typed as IconName. String literals inside a `{…}` prop are all taken, so
 * `icon={ok ? 'check' : 'bell'}` yields both; a prop with no literal is reported as dynamic.
 */

export interface IconUse {
  name: string;
  line: number;
}

export interface IconScan {
  uses: IconUse[];
  /** Icon props whose value has no string literal (a variable): the check cannot see them. */
  dynamic: IconUse[];
}

const STRING = /'([^'\\\n]*)'|"([^"\\\n]*)"|`([^`$\\\n]*)`/g;

function lineAt(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** The `{…}` expression starting at `open` (index of `{`), balanced over nested braces. */
function braced(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') {
      depth++;
    } else if (text[i] === '}' && --depth === 0) {
      return text.slice(open + 1, i);
    }
  }
  return text.slice(open + 1);
}

function literals(expr: string): string[] {
  return [...expr.matchAll(STRING)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** Value of a JSX attribute starting right after `=`: literals, and the raw text when dynamic. */
function attrValues(text: string, at: number): { names: string[]; raw: string } {
  const rest = text.slice(at).trimStart();
  const offset = text.length - at - rest.length;
  if (rest.startsWith('"') || rest.startsWith("'")) {
    const m = /^(['"])([^'"\n]*)\1/.exec(rest);
    return { names: m ? [m[2]] : [], raw: m?.[0] ?? '' };
  }
  if (rest.startsWith('{')) {
    const expr = braced(text, at + offset);
    return { names: literals(expr), raw: `{${expr}}` };
  }
  return { names: [], raw: rest.slice(0, 20) };
}

export function iconNamesInSource(text: string): IconScan {
  const uses: IconUse[] = [];
  const dynamic: IconUse[] = [];
  const addAttr = (valueStart: number, matchIndex: number) => {
    const { names, raw } = attrValues(text, valueStart);
    if (names.length === 0) {
      dynamic.push({ name: raw, line: lineAt(text, matchIndex) });
    }
    names.forEach((name) => uses.push({ name, line: lineAt(text, matchIndex) }));
  };
  // JSX `icon=` on any component.
  for (const m of text.matchAll(/\sicon=/g)) {
    addAttr(m.index + m[0].length, m.index);
  }
  // `name=` inside <Icon …> and <IconButton …> tags.
  for (const tag of text.matchAll(/<(Icon|IconButton)\b/g)) {
    const end = text.indexOf('>', tag.index);
    const inside = text.slice(tag.index, end < 0 ? undefined : end);
    const attr = /\sname=/.exec(inside);
    if (attr) {
      addAttr(tag.index + attr.index + attr[0].length, tag.index + attr.index);
    }
  }
  // Object properties `icon: 'x'` and literals typed as icon names.
  for (const m of text.matchAll(/\bicon\??\s*:\s*(['"])([^'"\n]+)\1/g)) {
    uses.push({ name: m[2], line: lineAt(text, m.index) });
  }
  for (const m of text.matchAll(/(['"])([^'"\n]+)\1\s+as\s+IconName\b|:\s*IconName\s*=\s*(['"])([^'"\n]+)\3|toIconName\(\s*(['"])([^'"\n]+)\5/g)) {
    uses.push({ name: m[2] ?? m[4] ?? m[6], line: lineAt(text, m.index) });
  }
  uses.sort((a, b) => a.line - b.line || a.name.localeCompare(b.name));
  return { uses, dynamic };
}

/** Icons named in a plugin.json (`includes[].icon`). */
export function iconNamesInPluginJson(json: { includes?: Array<{ icon?: unknown }> }): string[] {
  return (json.includes ?? []).map((i) => i.icon).filter((i): i is string => typeof i === 'string');
}
