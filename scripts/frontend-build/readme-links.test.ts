import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { absolutizeLinks, relativeLinks, repositoryWebUrl } from './readme-links';

const README = [
  '# Title',
  '![Overview](docs/screenshots/app-overview.png) see the [table](./docs/support-matrix.md "matrix")',
  '[Apache](https://www.apache.org/licenses/LICENSE-2.0) [anchor](#signing) [mail](mailto:a@b.example)',
  '<img src="docs/logo.png" width="40"> <a href="https://x.example/">site</a>',
  '[matrix]: docs/support-matrix.md',
  '```md',
  '![in code](docs/not-a-link.png)',
  '```',
].join('\n');

describe('relativeLinks', () => {
  it('lists relative links and images with their lines, not absolute ones, anchors or code blocks', () => {
    expect(relativeLinks(README)).toEqual([
      { image: true, target: 'docs/screenshots/app-overview.png', line: 2 },
      { image: false, target: './docs/support-matrix.md', line: 2 },
      { image: true, target: 'docs/logo.png', line: 4 },
      { image: false, target: 'docs/support-matrix.md', line: 5 },
    ]);
  });
});

describe('absolutizeLinks', () => {
  it('points images at raw files and links at blob pages of the repository, leaving the rest', () => {
    const out = absolutizeLinks(README, 'https://github.com/example/llmops');
    expect(out.split('\n')[1]).toBe(
      '![Overview](https://github.com/example/llmops/raw/HEAD/docs/screenshots/app-overview.png) see the [table](https://github.com/example/llmops/blob/HEAD/docs/support-matrix.md "matrix")'
    );
    expect(out.split('\n')[3]).toBe('<img src="https://github.com/example/llmops/raw/HEAD/docs/logo.png" width="40"> <a href="https://x.example/">site</a>');
    expect(out.split('\n')[4]).toBe('[matrix]: https://github.com/example/llmops/blob/HEAD/docs/support-matrix.md');
    // Absolute links, anchors, mail and code blocks are untouched.
    expect(out.split('\n')[2]).toBe(README.split('\n')[2]);
    expect(out.split('\n').slice(5).join('\n')).toBe(README.split('\n').slice(5).join('\n'));
    expect(relativeLinks(out)).toEqual([]);
  });

  it("leaves no relative link in this repository's README once a repository URL is known", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(relativeLinks(readme).length).toBeGreaterThan(0);
    expect(relativeLinks(absolutizeLinks(readme, 'https://github.com/example/llmops'))).toEqual([]);
  });
});

describe('repositoryWebUrl', () => {
  it('normalises the package.json repository forms and rejects what is not a web URL', () => {
    expect(repositoryWebUrl({ type: 'git', url: 'git+https://github.com/example/llmops.git' })).toBe('https://github.com/example/llmops');
    expect(repositoryWebUrl('github:example/llmops')).toBe('https://github.com/example/llmops');
    expect(repositoryWebUrl('git@github.com:example/llmops.git')).toBe('https://github.com/example/llmops');
    expect(repositoryWebUrl(undefined)).toBeUndefined();
    expect(repositoryWebUrl('example/llmops')).toBeUndefined();
  });
});
