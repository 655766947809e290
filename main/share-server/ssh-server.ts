import ssh2, { type Connection } from 'ssh2';
import type { ClientPolicy } from './client-keys.js';
import type { HostKey } from './host-key.js';
import { authenticate } from './ssh-auth.js';
import { SshClientSession, type SshSessionDeps } from './ssh-client-session.js';

/** A connection that has not signed in by then is dropped (no idle half-open handshakes). */
const SIGN_IN_DEADLINE_MS = 30_000;

/**
 * The SSH side: signs clients in (public key + policy), then hands each to an SshClientSession.
 * Idle clients are pinged every 15 s and dropped after 4 unanswered pings. `endAll` ends every
 * connection (shutdown).
 */
export function createSshServer(
  hostKey: HostKey,
  clients: ClientPolicy,
  deps: SshSessionDeps,
): { server: ssh2.Server; endAll: () => void } {
  const connections = new Set<Connection>();
  const { logger, events } = deps;
  const server = new ssh2.Server({ hostKeys: [hostKey.privateKey], keepaliveInterval: 15_000, keepaliveCountMax: 4 }, (client, info) => {
    let session: SshClientSession | undefined;
    connections.add(client);
    // Small packets (channel opens, request heads) must not wait for Nagle + delayed ACK (~40 ms each).
    // ssh2's server connections have setNoDelay (lib/server.js); @types/ssh2 lists it on Client only.
    (client as Connection & { setNoDelay: (noDelay: boolean) => void }).setNoDelay(true);
    const deadline = setTimeout(() => client.end(), SIGN_IN_DEADLINE_MS);
    client.once('ready', () => clearTimeout(deadline));
    client.on('authentication', (ctx) => {
      authenticate(ctx, clients, logger).then(
        (owner) => {
          if (owner) session = new SshClientSession(client, owner, deps);
        },
        (error: unknown) => {
          logger.error('sign-in check failed', { error: String(error) });
          ctx.reject();
        },
      );
    });
    client.on('error', (error) => logger.debug('client connection error', { from: info.ip, error: error.message }));
    client.on('close', () => {
      clearTimeout(deadline);
      session?.closed();
      connections.delete(client);
      events.emit('disconnected', { owner: session?.owner });
    });
  });
  server.on('error', (error: Error) => logger.error('SSH server error', { error: error.message }));
  return {
    server,
    endAll: () => {
      for (const client of connections) client.end();
    },
  };
}
