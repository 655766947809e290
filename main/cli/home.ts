import path from 'node:path';
import { parseArgs } from 'node:util';
import { appDataDir } from '../common/app-data-dir.js';
import { createLogger } from '../common/logger.js';
import { createPageWindowHost, type PageWindowHost } from '../app-window/page-window-host.js';
import { thisMachineChoice } from '../app-window/this-machine.js';
import { BrowserWindowHost } from '../desk/browser-window-host.js';
import { DEFAULT_DESK_PORT, startDesk } from '../desk/start-desk.js';
import type { WindowHost } from '../desk/window-host.js';
import { handOffToDesk } from './desk-handoff.js';
import { EXIT, UsageError } from './cli-error.js';
import { downloadReporter } from './download-reporter.js';
import type { Output } from './output.js';
import { modelEnvironment, parsePort } from './serve-options.js';
import { untilInterrupted } from './signals.js';

export const HOME_HELP = `Usage: demo-desktop [options]

Starts demo-desktop and shows its home screen: your recent projects, templates to start from,
Open a project.json, and this machine (CPU, memory, GPUs, the onnxruntime execution providers
that work here) with a check per template of whether it runs well here. Projects you open are
served on 127.0.0.1, one server each. When demo-desktop is already running (for this data
folder), it shows that one's home screen instead and exits.
Prints "Home screen: <url>" (a one-time sign-in link) when no browser opens. Ctrl-C stops
every project, its workers and the app.

Options:
  -p, --port <n>         Port of the app (default ${DEFAULT_DESK_PORT}, or the next free one; 0 picks any free port)
  --no-browser           Print the home screen's link; open nothing
  --data-dir <dir>       Where recent projects and the running app's instance file are kept (default
                         $DEMO_DESKTOP_DATA, else ~/.local/share/demo-desktop or your platform's folder)
  --offline              Never download models; use the cache and local files only
  --cache-dir <dir>      Model cache (default ~/.cache/demo-desktop/models, or $DEMO_DESKTOP_CACHE)
  --hub-endpoint <url>   Hugging Face Hub endpoint or mirror (default https://huggingface.co, or $HF_ENDPOINT)
  -h, --help             Show this help`;

const OPTIONS = {
  port: { type: 'string', short: 'p' },
  'no-browser': { type: 'boolean' },
  'data-dir': { type: 'string' },
  offline: { type: 'boolean' },
  'cache-dir': { type: 'string' },
  'hub-endpoint': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** How the no-argument start shows pages. */
export type WindowHostFactory = (options: { readonly noBrowser: boolean; readonly io: Output; readonly dataDir: string }) => WindowHost;

/**
 * App windows of an installed Chromium-family browser where this machine has one and a display
 * (main/app-window/), else the default browser, else the printed link ("Home screen: <url>").
 */
const machineHost: WindowHostFactory = ({ noBrowser, io, dataDir }) => {
  const choice = noBrowser ? undefined : thisMachineChoice();
  if (choice?.kind !== 'app-window') return new BrowserWindowHost({ printOnly: choice?.kind !== 'browser', print: (line) => io.out(line) });
  return createPageWindowHost({ choice, profilesDir: path.join(dataDir, 'app-windows'), onNotice: (line) => io.err(line) });
};

/**
 * Resolves when the user closed the app's last window, for hosts that can tell (app windows):
 * like a desktop app, demo-desktop then stops. Never resolves for the browser and printed hosts.
 */
function lastWindowClosed(host: WindowHost): Promise<void> {
  const windows = (host as Partial<PageWindowHost>).appWindows;
  if (!windows) return new Promise<void>(() => undefined);
  return new Promise<void>((resolve) => {
    host.onClosed(() => {
      if (windows.openKeys().length === 0) resolve();
    });
  });
}

export async function homeCommand(argv: readonly string[], io: Output, makeHost: WindowHostFactory = machineHost): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true });
  if (values.help) {
    io.out(HOME_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`unknown command "${positionals[0] ?? ''}"`);
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : appDataDir();
  const running = await handOffToDesk({ home: true }, { dataDir });
  if (running.handed) {
    const shown = running.opened;
    io.err(
      `demo-desktop is already running (${running.origin}); ${shown.shownIn === 'printed' ? 'its home screen:' : 'showing its home screen.'}`,
    );
    if (shown.shownIn === 'printed') io.out(`Home screen: ${shown.url}`);
    return EXIT.ok;
  }
  const port = parsePort(values.port);
  const host = makeHost({ noBrowser: values['no-browser'] === true, io, dataDir });
  const desk = await startDesk(
    { dataDir, port: port ?? DEFAULT_DESK_PORT, explicitPort: port !== undefined, environment: modelEnvironment(values, 'home') },
    { windowHost: host, logger: createLogger('demo-desktop'), onDownload: downloadReporter((line) => io.err(line)) },
  );
  const interrupted = untilInterrupted(io);
  io.out(`Running on ${desk.origin}`);
  const shown = await desk.showHome();
  if (shown.shownIn !== 'printed') io.err(`Opened the home screen (${shown.shownIn}).`);
  io.err(
    shown.shownIn === 'app-window'
      ? 'Close its windows (or press Ctrl-C) to stop.'
      : 'The link signs in once, within 5 minutes; run demo-desktop again for a new one. Press Ctrl-C to stop.',
  );
  const ended = await Promise.race([interrupted, lastWindowClosed(host).then(() => 'closed' as const)]);
  if (ended === 'closed') io.err('The last window was closed: stopping.');
  await desk.close();
  await host.close();
  io.err('Stopped.');
  return EXIT.ok;
}
