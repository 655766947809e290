import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { docsTarget } from '../../main/shell-policy/docs-link.js';

const root = path.resolve('/opt/demo-desktop');

describe('docsTarget', () => {
  it('links to the page on the repository package.json names', () => {
    for (const repository of [
      'https://github.com/ada/demo-desktop',
      { type: 'git', url: 'git+https://github.com/ada/demo-desktop.git' },
      'github:ada/demo-desktop',
      'ada/demo-desktop',
    ]) {
      expect(docsTarget('docs/cli.md', { repository }, root), JSON.stringify(repository)).toEqual({
        kind: 'url',
        url: 'https://github.com/ada/demo-desktop/blob/HEAD/docs/cli.md',
      });
    }
  });

  it('opens the copy in the package when there is no (https) repository', () => {
    const local = { kind: 'file', path: path.join(root, 'docs', 'cli.md') };
    expect(docsTarget('docs/cli.md', {}, root)).toEqual(local);
    expect(docsTarget('docs/cli.md', { repository: 'http://example.com/x' }, root)).toEqual(local);
    expect(docsTarget('docs/cli.md', { repository: { url: 'javascript:alert(1)' } }, root)).toEqual(local);
  });
});
