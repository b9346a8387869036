/**
 * Markdown links and images in the README that Grafana cannot follow. Grafana renders the shipped
 * README on the plugin details page (and the catalog validator rejects relative links), so every link
 * and image must be absolute. The project has no public repository URL yet: when package.json gets a
 * `repository`, the build rewrites relative links against it; until then they are listed as a known gap.
 */

export interface MarkdownLink {
  image: boolean;
  target: string;
  line: number;
}

// [text](target) and ![alt](target), target without spaces, optional "title".
const LINK = /(!?)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
// Reference definitions `[id]: target` and HTML `src="…"`/`href="…"`: the first group says "image".
const REFERENCE = /^(\s*)\[[^\]]+\]:\s*<?([^\s>]+)/g;
const HTML = /\b(src|href)="([^"]+)"/g;

/** The links of one line, with the text that matched (to rewrite it in place). */
function linksOnLine(text: string): Array<{ whole: string; target: string; image: boolean }> {
  const out: Array<{ whole: string; target: string; image: boolean }> = [];
  for (const m of text.matchAll(LINK)) {
    out.push({ whole: m[0], target: m[2], image: m[1] === '!' });
  }
  for (const m of text.matchAll(REFERENCE)) {
    out.push({ whole: m[0], target: m[2], image: /\.(png|jpe?g|gif|svg|webp)$/i.test(m[2]) });
  }
  for (const m of text.matchAll(HTML)) {
    out.push({ whole: m[0], target: m[2], image: m[1] === 'src' });
  }
  return out;
}

function isAbsolute(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('//');
}

/** Every relative link and image target in `markdown`, with its 1-based line. Skips fenced code blocks. */
export function relativeLinks(markdown: string): MarkdownLink[] {
  const out: MarkdownLink[] = [];
  let fenced = false;
  markdown.split('\n').forEach((text, i) => {
    if (/^\s*(```|~~~)/.test(text)) {
      fenced = !fenced;
      return;
    }
    if (fenced) {
      return;
    }
    for (const l of linksOnLine(text)) {
      if (!isAbsolute(l.target)) {
        out.push({ image: l.image, target: l.target, line: i + 1 });
      }
    }
  });
  return out;
}

/** The repository's web URL from package.json `repository` (string or {url}), or undefined. */
export function repositoryWebUrl(repository: unknown): string | undefined {
  const raw = typeof repository === 'string' ? repository : (repository as { url?: unknown } | undefined)?.url;
  if (typeof raw !== 'string' || !raw.trim()) {
    return undefined;
  }
  const url = raw
    .trim()
    .replace(/^git\+/, '')
    .replace(/^github:/, 'https://github.com/')
    .replace(/^git@([^:]+):/, 'https://$1/')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
  return /^https?:\/\//.test(url) ? url : undefined;
}

/**
 * Rewrites relative links against a repository web URL: images to `<repo>/raw/HEAD/<path>` (served as
 * files), other links to `<repo>/blob/HEAD/<path>`. Code blocks are left alone.
 */
export function absolutizeLinks(markdown: string, repoUrl: string): string {
  let fenced = false;
  return markdown
    .split('\n')
    .map((text) => {
      if (/^\s*(```|~~~)/.test(text)) {
        fenced = !fenced;
        return text;
      }
      if (fenced) {
        return text;
      }
      let line = text;
      for (const l of linksOnLine(text)) {
        if (!isAbsolute(l.target)) {
          const clean = l.target.replace(/^\.\//, '').replace(/^\//, '');
          line = line.replace(l.whole, l.whole.replace(l.target, `${repoUrl}/${l.image ? 'raw' : 'blob'}/HEAD/${clean}`));
        }
      }
      return line;
    })
    .join('\n');
}
