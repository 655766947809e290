import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openBrowser } from './browser.js';
import { EXIT } from './cli-error.js';
import { desktopEntry, findElectron, launchDesktop } from './electron-launcher.js';
import type { Output } from './output.js';
import { SERVE_OPTIONS, SERVE_OPTIONS_HELP, serveSettings } from './serve-options.js';
import { serveUntilInterrupted, startServing } from './serve.js';

export const OPEN_HELP = `Usage: demo-desktop open <project.json> [options]

Opens the demo: in the desktop window when Electron is installed, otherwise it serves the
demo and opens it in your browser (or prints the URL when there is no display).

Options:
  --browser              Use the browser even when the desktop app is available
  --no-browser           Serve and print the URL; open nothing
${SERVE_OPTIONS_HELP}`;

export async function openCommand(argv: readonly string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { ...SERVE_OPTIONS, browser: { type: 'boolean' }, 'no-browser': { type: 'boolean' } },
    allowPositionals: true,
  });
  if (values.help) {
    io.out(OPEN_HELP);
    return EXIT.ok;
  }
  const settings = serveSettings(values, positionals, 'open');
  let electron = values.browser || values['no-browser'] ? undefined : findElectron();
  if (electron && settings.allowOutsideProject) {
    // The desktop shell reads only `open <file>` from its command line (shell-policy/argv.ts).
    io.err('The desktop window does not take --allow-outside-project yet: serving the demo in your browser instead.');
    electron = undefined;
  }
  const entry = electron ? desktopEntry() : undefined;
  if (electron && entry) return launchDesktop(electron, entry, ['open', resolve(settings.file)]);

  const served = await startServing(settings, io);
  if (!values['no-browser']) {
    const result = await openBrowser(served.url);
    io.err(result.opened ? 'Opened in your browser.' : `Open ${served.url} in a browser (${result.reason}).`);
  }
  return serveUntilInterrupted(served, io);
}
