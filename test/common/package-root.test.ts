import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledPath, isPackagedAppRoot, packageRoot } from '../../main/common/package-root.js';
import { examplesDir } from '../../main/editor/templates.js';
import { REPO_ROOT } from '../runtimes/support.js';

describe('bundledPath', () => {
  it('is under the package root in a checkout (and the npm package)', () => {
    expect(packageRoot()).toBe(REPO_ROOT);
    expect(bundledPath('examples')).toBe(join(REPO_ROOT, 'examples'));
    expect(examplesDir()).toBe(join(REPO_ROOT, 'examples'));
  });

  it.each([
    ['Linux', '/opt/demo-desktop/resources/app.asar', '/opt/demo-desktop/resources'],
    [
      'Windows',
      join('C:', 'Program Files', 'demo-desktop', 'resources', 'app.asar'),
      join('C:', 'Program Files', 'demo-desktop', 'resources'),
    ],
    ['macOS', '/Applications/demo-desktop.app/Contents/Resources/app.asar', '/Applications/demo-desktop.app/Contents/Resources'],
    ['an unpacked (asar: false) build', '/opt/demo-desktop/resources/app', '/opt/demo-desktop/resources'],
  ])('is beside app.asar in the packaged app on %s (electron-builder extraResources)', (_, root, resources) => {
    expect(isPackagedAppRoot(root)).toBe(true);
    expect(bundledPath('examples', root)).toBe(join(resources, 'examples'));
    expect(bundledPath('models', root)).toBe(join(resources, 'models'));
  });

  it('does not mistake a checkout in a folder named app for a packaged app', () => {
    expect(isPackagedAppRoot('/home/ada/src/app')).toBe(false);
    expect(bundledPath('examples', '/home/ada/src/app')).toBe('/home/ada/src/app/examples');
  });
});
