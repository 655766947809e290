import { parseArgs } from 'node:util';
import { createLogger } from '../common/logger.js';
import { EXIT } from './cli-error.js';
import type { Output } from './output.js';
import { SHARE_SERVER_OPTIONS, shareServerSettings } from './share-server-options.js';
import { untilInterrupted } from './signals.js';

export const SHARE_SERVER_HELP = `Usage: demo-desktop share-server --domain <domain> [options]

Runs a share server of your own: demos shared from demo-desktop (or any "ssh -R") get public links
https://<name>.<domain>. Their computers connect over SSH and ask for a name; visitors' requests for
<name>.<domain> go through that connection. Point wildcard DNS *.<domain> (and <domain>) here.
See docs/share-server.md for systemd, a container, TLS and running it behind a reverse proxy.

Who may open tunnels (one of):
  --allow-keys <file>     An OpenSSH authorized_keys file of the client keys allowed (read at each sign-in)
  --token <token>         A shared token: any key may sign in with the token as its SSH user name
                          (ssh -R 80:localhost:7860 <token>@<domain>); or set $DEMO_DESKTOP_SHARE_TOKEN

Options:
  --domain <domain>       The domain whose subdomains are the shares (required)
  --http-port <n>         Port for visitors (default 8080; 0 picks one)
  --ssh-port <n>          Port for the demos' computers (default 2222; 0 picks one; off: none, they
                          connect with SSH over WebSocket on the HTTP(S) port only)
  --host <address>        Address to listen on (default 127.0.0.1; 0.0.0.0 or :: for the internet)
  --data-dir <dir>        Host key and name owners (default <app data>/share-server)
  --expiry <duration>     A name unused this long is freed, e.g. 30m, 72h, 7d (default 72h)
  --tls-cert <file>       Serve HTTPS with this PEM certificate (a wildcard for *.<domain>)
  --tls-key <file>        ... and its PEM private key
  --public-url <url>      The public base when a proxy is in front, e.g. https://<domain>
  --trust-proxy           Keep X-Forwarded-For/Host/Proto from the proxy in front
  --max-connections <n>   Open connections per tunnel (default 64); more get 429
  --requests-per-minute <n>
                          Requests per minute per tunnel (default 600, bursts as large); more get 429
  -h, --help              Show this help`;

export async function shareServerCommand(argv: readonly string[], io: Output): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: SHARE_SERVER_OPTIONS, allowPositionals: false });
  if (values.help) {
    io.out(SHARE_SERVER_HELP);
    return EXIT.ok;
  }
  const settings = shareServerSettings(values);
  const { startShareServer } = await import('../share-server/share-server.js');
  const server = await startShareServer({ ...settings, logger: createLogger('share-server') });
  const sshOn = settings.sshPort === 'off' ? 'SSH port off' : `SSH on ${settings.host}:${server.sshPort}`;
  const interrupted = untilInterrupted(io);
  io.out(`Share server for ${settings.domain}: visitors on ${settings.host}:${server.httpPort}, ${sshOn}`);
  io.out(`SSH over WebSocket: ${server.sshWebSocketUrl}`);
  io.out(`Shares are ${server.urlOf('<name>')}`);
  io.out(`SSH host key ${server.hostKeyFingerprint}`);
  const user = settings.clients.kind === 'token' ? '<token>' : 'share';
  const wsTarget = server.sshWebSocketUrl.replace(/^ws(s?):\/\//, `share+ws$1://${user}@`).replace(/\/\.well-known\/.*$/, '');
  io.err(`Clients: demo-desktop serve <project.json> --share ${wsTarget}`);
  if (settings.sshPort !== 'off') {
    io.err(
      `   or: ssh -N -R 80:localhost:<demo port> -p ${server.sshPort} ${user}@${settings.domain}  (then "ssh ... url" prints the link)`,
    );
  }
  io.err('Press Ctrl-C to stop.');
  await interrupted;
  await server.close();
  io.err('Stopped.');
  return EXIT.ok;
}
