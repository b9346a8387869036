import { describe, expect, it } from 'vitest';

import { absolutizeLinks, relativeLinks, repositoryWebUrl } from './readme-links';

const README = [
  '# Title',
  '![Overview](docs/screenshots/app-overview.png) see the [table](./docs/support-matrix.md "matrix")',
  '[Apache](https://www.apache.org/licenses/LICENSE-2.0) [anchor](#signing) [mail](mailto:a@b.example)',
  '```md',
  '![in code](docs/not-a-link.png)',
  '```',
].join('\n');

describe('relativeLinks', () => {
  it('lists relative links and images with their lines, not absolute ones, anchors or code blocks', () => {
    expect(relativeLinks(README)).toEqual([
      { image: true, target: 'docs/screenshots/app-overview.png', line: 2 },
      { image: false, target: './docs/support-matrix.md', line: 2 },
    ]);
  });
});

describe('absolutizeLinks', () => {
  it('points images at raw files and links at blob pages of the repository, leaving the rest', () => {
    const out = absolutizeLinks(README, 'https://github.com/example/llmops');
    expect(out.split('\n')[1]).toBe(
      '![Overview](https://github.com/example/llmops/raw/HEAD/docs/screenshots/app-overview.png) see the [table](https://github.com/example/llmops/blob/HEAD/docs/support-matrix.md "matrix")'
    );
    expect(out.split('\n').slice(2).join('\n')).toBe(README.split('\n').slice(2).join('\n'));
    expect(relativeLinks(out)).toEqual([]);
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
