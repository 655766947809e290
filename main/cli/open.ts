import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { appDataDir } from '../common/app-data-dir.js';
import type { WindowExit } from '../app-window/app-window-host.js';
import { createPageWindowHost } from '../app-window/page-window-host.js';
import { thisMachineChoice } from '../app-window/this-machine.js';
import type { WindowChoice } from '../app-window/window-choice.js';
import { EXIT, UsageError } from './cli-error.js';
import { handOffToDesk } from './desk-handoff.js';
import { desktopEntry, findElectron, launchDesktop } from './electron-launcher.js';
import type { Output } from './output.js';
import { SERVE_OPTIONS, SERVE_OPTIONS_HELP, serveSettings, type ServeSettings } from './serve-options.js';
import type { ServedProject } from './serve-project.js';
import { serveUntilInterrupted, startServing } from './serve.js';
import { untilInterrupted } from './signals.js';
import { windowHelpLine } from './window-kind.js';

export const OPEN_HELP = `Usage: demo-desktop open <project.json> [options]

Opens the demo in a window of its own. In order: the desktop app when Electron is installed; the
demo-desktop that is already running, if there is one (it opens or raises the demo's window);
otherwise it serves the demo and shows it in an app window of an installed Chromium, Chrome, Edge
or Brave (DEMO_DESKTOP_BROWSER names one), or else your default browser, or prints the URL when
there is no display. Closing the app window stops the server and exits.

Options:
  --browser              Use your default browser (a tab) instead of a window of its own
  --no-browser           Serve and print the URL; open nothing
  --data-dir <dir>       Where the history database, the running app's instance file and the app
                         windows' browser profiles are kept (default $DEMO_DESKTOP_DATA, else ~/.local/share/demo-desktop
                         or your platform's application data folder)
${SERVE_OPTIONS_HELP}`;

const OPEN_OPTIONS = {
  ...SERVE_OPTIONS,
  browser: { type: 'boolean' },
  'no-browser': { type: 'boolean' },
} as const;

/** Options that change how the demo is served: a running desk serves with its own, so these serve here. */
const SERVING_OPTIONS = [
  'host',
  'port',
  'offline',
  'cache-dir',
  'hub-endpoint',
  'allow-outside-project',
  'print-token',
  'no-history',
] as const;

export async function openCommand(argv: readonly string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], options: OPEN_OPTIONS, allowPositionals: true });
  if (values.help) {
    io.out(`${OPEN_HELP}\n\n${windowHelpLine()}`);
    return EXIT.ok;
  }
  if (values.browser && values['no-browser']) {
    throw new UsageError('--browser (open a tab) and --no-browser (open nothing, print the URL) contradict each other: give one', 'open');
  }
  const settings = serveSettings(values, positionals, 'open');
  let electron = values.browser || values['no-browser'] ? undefined : findElectron();
  if (electron && settings.allowOutsideProject) {
    // The desktop shell reads only `open <file>` from its command line (shell-policy/argv.ts).
    io.err('The desktop window does not take --allow-outside-project yet: serving the demo here instead.');
    electron = undefined;
  }
  const entry = electron ? desktopEntry() : undefined;
  if (electron && entry) return launchDesktop(electron, entry, ['open', path.resolve(settings.file)]);

  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : appDataDir();
  const ownServer = values.browser === true || values['no-browser'] === true || SERVING_OPTIONS.some((name) => values[name] !== undefined);
  if (!ownServer) {
    const handoff = await handOffToDesk({ path: path.resolve(settings.file) }, { dataDir });
    if (handoff.handed) {
      io.err(`Opened in the demo-desktop that is running (${handoff.origin}).`);
      return EXIT.ok;
    }
  }
  const served = await startServing(settings, io);
  if (values['no-browser']) return serveUntilInterrupted(served, io);
  const machine = thisMachineChoice();
  const choice: WindowChoice =
    values.browser && machine.kind !== 'printed' ? { kind: 'browser', reason: '--browser asked for it' } : machine;
  return showUntilClosed(served, settings, choice, dataDir, io);
}

/**
 * Shows the served demo; with an app window, serves until that window closes (or Ctrl-C, which
 * closes the window too), then stops the server it was started for. A browser tab or a printed
 * URL cannot say when it is done: those serve until Ctrl-C, as `serve` does.
 */
async function showUntilClosed(
  served: ServedProject,
  settings: ServeSettings,
  choice: WindowChoice,
  dataDir: string,
  io: Output,
): Promise<number> {
  const host = createPageWindowHost({ choice, profilesDir: path.join(dataDir, 'app-windows'), onNotice: (line) => io.err(line) });
  const exited = new Promise<WindowExit>((resolve) => host.onExit(resolve));
  const key = await realpath(path.resolve(settings.file));
  const shown = await host.show({ key, kind: 'project', url: served.ownerLoginUrl(), title: path.basename(path.dirname(key)) });
  if (shown !== 'app-window') return serveUntilInterrupted(served, io);
  io.err('Close the window (or press Ctrl-C) to stop.');
  const ended = await Promise.race([exited, untilInterrupted(io)]);
  if (typeof ended === 'string') await host.close();
  else io.err(windowEndLine(ended, choice));
  await served.close();
  io.err('Stopped.');
  return typeof ended !== 'string' && ended.code !== 0 && ended.code !== null ? EXIT.failure : EXIT.ok;
}

/** What the window's end means: closed by the user, or a browser that failed (with its last words). */
function windowEndLine(exit: WindowExit, choice: WindowChoice): string {
  if (exit.code === 0 || exit.code === null) return 'The window was closed: stopping the server.';
  const name = choice.kind === 'app-window' ? choice.browser.name : 'The browser';
  const tail = exit.stderrTail.trim().split('\n').slice(-5).join('\n');
  return `${name} exited with code ${exit.code}: stopping the server.${tail ? `\nIts last output:\n${tail}` : ''}`;
}
