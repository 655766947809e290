import { parseArgs } from 'node:util';
import { createLogger } from '../common/logger.js';
import { EXIT } from './cli-error.js';
import { downloadReporter } from './download-reporter.js';
import type { Output } from './output.js';
import { QUEUE_ENV, queueSetting, SERVE_OPTIONS, SERVE_OPTIONS_HELP, serveSettings, type ServeSettings } from './serve-options.js';
import { serveProject, type ServedProject } from './serve-project.js';
import { parseShareTarget, readShareCa, startSharing, type Sharing } from './share-serve.js';
import { untilInterrupted } from './signals.js';

/** `serve`'s owner link is printed once at start: it stays good for a day (one use). */
const OWNER_LINK_TTL_MS = 24 * 60 * 60_000;

export const SERVE_HELP = `Usage: demo-desktop serve <project.json> [options]

Serves the demo on http://127.0.0.1:PORT: the page that runs it and Gradio's client API, so
@gradio/client and gradio_client can call it. Prints "Running on <url>" when ready and keeps
serving until Ctrl-C, then stops every worker and exits.

Options:
  --share <target>       Also share it through a tunnel, privately (a link with an access key):
                         ssh://[user@]host[:port] (an OpenSSH server), share://host[:port]
                         (a demo-desktop share-server), share+wss://host[:port] (the same over its
                         HTTPS port, for networks that block SSH; share+ws:// over plain HTTP),
                         or ngrok (your own ngrok account: NGROK_AUTHTOKEN). docs/share.md
  --share-ca <file>      Trust this PEM certificate (or CA) for a share+wss:// server with a
                         self-signed or private certificate (NODE_EXTRA_CA_CERTS works too)
  --ngrok-authtoken <t>  Your ngrok authtoken for --share ngrok (better: set NGROK_AUTHTOKEN,
                         which other users of this machine cannot read from the process list)
  --queue <url>          Be one of several stateless fronts of a shared Redis queue
                         (redis://[[user]:password@]host[:port][/db][?namespace=name], or
                         rediss://…?tls_ca=<file> for TLS): this server runs nothing itself,
                         \`demo-desktop worker\` processes run the jobs, and any front answers any
                         session, so a load balancer needs no affinity. Without it,
                         $${QUEUE_ENV} is read (keeps a password out of the process list).
                         docs/scale-out.md
  --data-dir <dir>       Where the history database, the share key pair, pinned host keys and
                         share settings are kept (default $DEMO_DESKTOP_DATA, else your platform's app data folder)
${SERVE_OPTIONS_HELP}`;

/**
 * Starts the project and reports the URL; shared with `open`. Logs at info unless DEMO_DESKTOP_LOG
 * says otherwise, so what user functions print (worker stdout/stderr, logged at info) shows in the
 * terminal, as a Python print does under Gradio.
 */
export async function startServing(settings: ServeSettings, io: Output): Promise<ServedProject> {
  const logger = createLogger('demo-desktop');
  io.err(`Loading ${settings.file} ...`);
  const served = await serveProject(settings, {
    logger,
    onDownload: downloadReporter((line) => io.err(line)),
    ownerLinkTtlMs: OWNER_LINK_TTL_MS,
  });
  if (!['127.0.0.1', 'localhost', '::1'].includes(settings.host)) {
    const names = settings.allowedHosts ?? [];
    io.err(
      names.length > 0
        ? `Warning: listening on ${settings.host}: anyone who can reach this machine as ${names.join(', ')} can use the demo.`
        : `Warning: listening on ${settings.host}, but only this computer is answered: other computers get 403 until ` +
            'the Host they use (name:port) is given with --allowed-host (docs/deployment.md).',
    );
  }
  if (settings.printToken) {
    io.err(`Admin API token: ${served.adminToken} (send it as "Authorization: Bearer <token>"; never share it)`);
  } else {
    io.err(`Admin API token: in ${served.adminTokenFile} (readable only by you; --print-token prints it)`);
  }
  // Listening before "Running on": a Ctrl-C right after it is a clean stop too.
  void untilInterrupted(io);
  io.out(`Running on ${served.url.replace(/\/$/, '')}`);
  return served;
}

/** Keeps serving until Ctrl-C (or SIGTERM), then stops the server and every worker; shared with `open`. */
export async function serveUntilInterrupted(served: ServedProject, io: Output, sharing?: Sharing): Promise<number> {
  io.err('Press Ctrl-C to stop.');
  await untilInterrupted(io);
  await sharing?.close();
  await served.close();
  io.err('Stopped.');
  return EXIT.ok;
}

export async function serveCommand(argv: readonly string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      ...SERVE_OPTIONS,
      share: { type: 'string' },
      'share-ca': { type: 'string' },
      'ngrok-authtoken': { type: 'string' },
      queue: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (values.help) {
    io.out(SERVE_HELP);
    return EXIT.ok;
  }
  const settings = { ...serveSettings(values, positionals, 'serve'), ...queueSetting(values.queue) };
  if (values.share !== undefined) parseShareTarget(values.share);
  const ca = values['share-ca'] === undefined ? undefined : readShareCa(values['share-ca']);
  const served = await startServing(settings, io);
  io.err(`Owner link (Share, the whole history, the dashboard; works once, within a day): ${served.ownerLoginUrl()}`);
  let sharing: Sharing | undefined;
  if (values.share !== undefined) {
    const token = values['ngrok-authtoken'];
    const options = { ...(ca ? { ca } : {}), ...(token ? { ngrokAuthtoken: token } : {}) };
    sharing = await startSharing(served, values.share, io, options).catch(async (error: unknown) => {
      await served.close();
      throw error;
    });
  }
  return serveUntilInterrupted(served, io, sharing);
}
