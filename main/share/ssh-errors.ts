import { TunnelError, type TunnelStep } from './tunnel.js';
import type { SshTarget } from './ssh-target.js';

/** What a connection attempt was doing when it failed. */
export type SshPhase = 'dns' | 'connect' | 'handshake' | 'auth' | 'forward' | 'url';

export interface SshErrorContext {
  readonly target: SshTarget;
  /** Where the app's public key lives, for the "add it to authorized_keys" advice. */
  readonly publicKeyFile: string;
  /** The forward that was asked for, for the "forward refused" advice; `name` on our share server. */
  readonly forward?: { readonly bindAddr: string; readonly bindPort: number; readonly name?: string };
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  'EADDRNOTAVAIL',
  'WS_UPGRADE_REFUSED',
]);
/** Node's codes for a TLS certificate it does not trust (an `ssh+wss://` target). */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function fields(error: unknown): { code?: string; level?: string; message: string } {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const record = error as { code?: unknown; level?: unknown; message?: unknown };
  return {
    code: typeof record.code === 'string' ? record.code : undefined,
    level: typeof record.level === 'string' ? record.level : undefined,
    message: typeof record.message === 'string' ? record.message : JSON.stringify(error),
  };
}

function stepFor(phase: SshPhase, code: string | undefined, level: string | undefined, forward: SshErrorContext['forward']): TunnelStep {
  if (code && DNS_CODES.has(code)) return 'dns';
  if (code && (CONNECT_CODES.has(code) || TLS_CODES.has(code))) return 'connect';
  if (level === 'client-authentication') return 'auth';
  if (level === 'client-timeout') return 'timeout';
  if (level === 'client-dns') return 'dns';
  if (phase === 'forward') return forward?.name ? 'name-taken' : 'forward';
  if (phase === 'dns') return 'dns';
  if (phase === 'auth') return 'auth';
  return 'connect';
}

function connectAdvice(context: SshErrorContext, code: string | undefined, detail: string): string {
  const { target } = context;
  const at = `Cannot connect to the share server at ${target.hostPort} (${detail}).`;
  if (target.transport.kind === 'tcp')
    return `${at} Check that its SSH server is running, that the port is right, and that no firewall blocks it.`;
  if (code && TLS_CODES.has(code))
    return `${at} Its TLS certificate is not trusted here: use a certificate from a public CA, or trust this one with --share-ca <PEM file> (or NODE_EXTRA_CA_CERTS).`;
  if (code === 'WS_UPGRADE_REFUSED')
    return `${at} The server did not accept SSH over WebSocket: check that it is a demo-desktop share-server and that a proxy in front passes WebSocket upgrades.`;
  return `${at} Check that the share server is running, that its HTTP(S) port is right, and that no firewall blocks it.`;
}

function advice(step: TunnelStep, context: SshErrorContext, detail: string, code?: string): string {
  const { target } = context;
  const where = target.transport.kind === 'tcp' ? `ssh://${target.user}@${target.hostPort}` : target.transport.url.href;
  switch (step) {
    case 'dns':
      return `Cannot resolve the share server's host "${target.host}" (${detail}). Check the host name in ${where} and this machine's network and DNS.`;
    case 'connect':
      return connectAdvice(context, code, detail);
    case 'auth':
      return `The share server at ${target.hostPort} refused the app's key for user "${target.user}" (${detail}). Add the app's public key (${context.publicKeyFile}) to that user's ~/.ssh/authorized_keys on the server, or to the share server's allow-list.`;
    case 'timeout':
      return `The share server at ${target.hostPort} stopped answering (${detail}). Check the network; the server may be down or overloaded.`;
    case 'forward':
      return forwardAdvice(context, detail);
    case 'name-taken':
      return `The share server at ${target.hostPort} refused the name "${context.forward?.name ?? ''}": another key holds it (${detail}). Ask for a new name or use the key that owns it.`;
    case 'host-key':
      return `The share server's host key could not be checked (${detail}).`;
  }
}

function forwardAdvice(context: SshErrorContext, detail: string): string {
  const forward = context.forward;
  const asked = forward ? `${forward.bindAddr || '*'}:${forward.bindPort}` : 'the remote port';
  return (
    `The server at ${context.target.hostPort} refused the remote forward of ${asked} (${detail}). ` +
    `On OpenSSH allow it for this user (AllowTcpForwarding yes or remote); the port may also be in use on the server.`
  );
}

/**
 * Turns what ssh2 or Node threw during `phase` into a TunnelError naming the step (dns, connect,
 * host-key, auth, forward, timeout) and what to do. A TunnelError (the host-key pin's own) passes.
 */
export function classifySshError(error: unknown, phase: SshPhase, context: SshErrorContext): TunnelError {
  if (error instanceof TunnelError) return error;
  const { code, level, message } = fields(error);
  const step = stepFor(phase, code, level, context.forward);
  const detail = code && !message.includes(code) ? `${code}: ${message}` : message;
  return new TunnelError(step, advice(step, context, detail, code), { cause: error });
}

/**
 * Steps that retrying cannot fix without the user: a reconnecting tunnel stops on them. A name
 * refused on reconnect is retried: the server may still hold it for our own dropped connection.
 */
export function isPermanent(step: TunnelStep): boolean {
  return step === 'auth' || step === 'host-key';
}
