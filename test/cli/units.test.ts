import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appDataDir } from '../../main/common/app-data-dir.js';
import { browserCommand } from '../../main/cli/browser.js';
import { downloadReporter } from '../../main/cli/download-reporter.js';
import { serveSettings } from '../../main/cli/serve-options.js';

describe('browserCommand', () => {
  it('uses the platform opener, and refuses on a Linux box without a display', () => {
    expect(browserCommand('http://x/', 'darwin', {})).toEqual({ command: 'open', args: ['http://x/'] });
    expect(browserCommand('http://x/', 'linux', { DISPLAY: ':0' })).toEqual({ command: 'xdg-open', args: ['http://x/'] });
    expect(browserCommand('http://x/', 'linux', {})).toEqual({ reason: expect.stringMatching(/no display/) as unknown });
  });
});

describe('downloadReporter', () => {
  it('prints at most one progress line per file per second, and the end of each file', () => {
    const lines: string[] = [];
    let now = 0;
    const report = downloadReporter(
      (line) => lines.push(line),
      () => now,
    );
    report('t5', { file: 'a.onnx', loaded: 1e6, total: 4e6, done: false });
    report('t5', { file: 'a.onnx', loaded: 2e6, total: 4e6, done: false });
    now = 1500;
    report('t5', { file: 'a.onnx', loaded: 3e6, total: 4e6, done: false });
    report('t5', { file: 'a.onnx', loaded: 4e6, total: 4e6, done: true });
    expect(lines).toEqual([
      '  t5: downloading a.onnx: 1.0 MB of 4.0 MB (25%)',
      '  t5: downloading a.onnx: 3.0 MB of 4.0 MB (75%)',
      '  t5: a.onnx downloaded (4.0 MB)',
    ]);
  });
});

describe('serveSettings', () => {
  it('takes --allowed-host values as Host headers carry them, and refuses anything else with an example', () => {
    expect(
      serveSettings({ 'allowed-host': ['Demo.Example.com', 'demo.example.com:8443', '[::1]:9000'] }, ['p.json'], 'serve').allowedHosts,
    ).toEqual(['demo.example.com', 'demo.example.com:8443', '[::1]:9000']);
    for (const bad of ['https://demo.example.com', 'demo.example.com/path', 'user@demo.example.com', 'demo.example.com:99999', 'a b', '']) {
      expect(() => serveSettings({ 'allowed-host': [bad] }, ['p.json'], 'serve')).toThrow(
        /--allowed-host takes a host name.*e\.g\. demo\.example\.com/,
      );
    }
  });
  it('defaults to 127.0.0.1:7860 and maps flags to the model environment', () => {
    expect(serveSettings({}, ['p.json'], 'serve')).toEqual({
      file: 'p.json',
      host: '127.0.0.1',
      allowedHosts: [],
      port: 7860,
      explicitPort: false,
      environment: {},
      allowOutsideProject: false,
      printToken: false,
      // History on, in the app's data folder ($DEMO_DESKTOP_DATA or the platform's).
      dataDir: appDataDir(),
      history: true,
    });
    expect(serveSettings({ 'data-dir': 'rel/data', 'no-history': true }, ['p.json'], 'serve')).toMatchObject({
      dataDir: path.resolve('rel/data'),
      history: false,
    });
    const custom = serveSettings(
      {
        port: '0',
        offline: true,
        'cache-dir': '/c',
        'hub-endpoint': 'http://127.0.0.1:9/',
        'allow-outside-project': true,
        'print-token': true,
      },
      ['p.json'],
      'serve',
    );
    expect(custom).toMatchObject({
      port: 0,
      explicitPort: true,
      environment: { offline: true, cacheDir: '/c', hubEndpoint: 'http://127.0.0.1:9/' },
      allowOutsideProject: true,
      printToken: true,
    });
    expect(() => serveSettings({ 'hub-endpoint': 'ftp://x' }, ['p.json'], 'serve')).toThrow(/http\(s\) URL/);
    expect(() => serveSettings({}, [], 'open')).toThrow(/open needs a project file/);
  });
});
