import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import path from 'node:path';
import { appDataDir } from '../common/app-data-dir.js';
import type { ClientPolicy } from '../share-server/client-keys.js';
import { SHARE_SERVER_DEFAULTS } from '../share-server/defaults.js';
import type { ShareServerOptions } from '../share-server/share-server.js';
import { UsageError } from './cli-error.js';

export const SHARE_SERVER_OPTIONS = {
  domain: { type: 'string' },
  'http-port': { type: 'string' },
  'ssh-port': { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  token: { type: 'string' },
  'allow-keys': { type: 'string' },
  expiry: { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'public-url': { type: 'string' },
  'trust-proxy': { type: 'boolean' },
  'max-connections': { type: 'string' },
  'requests-per-minute': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = { [K in keyof typeof SHARE_SERVER_OPTIONS]?: (typeof SHARE_SERVER_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

const fail = (message: string): never => {
  throw new UsageError(message, 'share-server');
};

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `30m`, `72h`, `7d` in milliseconds. */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d+)([smhd])$/.exec(text.trim());
  const unit = match ? UNITS[match[2] ?? ''] : undefined;
  if (!match || unit === undefined || Number(match[1]) === 0)
    return fail(`${option} must be a duration like 90s, 30m, 72h or 7d (got "${text}").`);
  return Number(match[1]) * unit;
}

function parseNumber(text: string | undefined, option: string, min: number, max: number, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    return fail(`${option} must be a whole number from ${min} to ${max} (got "${text}").`);
  return value;
}

function clientPolicy(values: Values, env: NodeJS.ProcessEnv): ClientPolicy {
  const token = values.token ?? env.DEMO_DESKTOP_SHARE_TOKEN;
  if (token !== undefined && values['allow-keys'] !== undefined) fail('give either --token or --allow-keys, not both.');
  if (values['allow-keys'] !== undefined) {
    // Read at each sign-in, so it may change while the server runs; one that is not there at start is a typo.
    const file = path.resolve(values['allow-keys']);
    readPem(file, '--allow-keys');
    return { kind: 'keys', file };
  }
  if (token !== undefined) {
    if (token.length < 8) fail('--token must be at least 8 characters (anyone who knows it can open tunnels).');
    return { kind: 'token', token };
  }
  return fail('say who may open tunnels: --allow-keys <authorized_keys file> or --token <shared token> (or $DEMO_DESKTOP_SHARE_TOKEN).');
}

/** A file the server needs (a PEM, the authorized_keys), read now: one it cannot read is refused before it starts. */
function readPem(file: string, option: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    return fail(`${option} ${file}: ${(error as Error).message}`);
  }
}

/** --tls-cert and --tls-key, read and checked as TLS will use them: not PEM, or a key of another certificate, is refused now. */
function tlsPair(certFile: string, keyFile: string): { cert: Buffer; key: Buffer } {
  const pair = { cert: readPem(certFile, '--tls-cert'), key: readPem(keyFile, '--tls-key') };
  try {
    createSecureContext(pair);
  } catch (error) {
    return fail(
      `--tls-cert ${certFile} and --tls-key ${keyFile} are not a PEM certificate and its private key (${(error as Error).message}).`,
    );
  }
  return pair;
}

/** The share server's settings from the command line (the logger is added by the caller). */
export function shareServerSettings(values: Values, env: NodeJS.ProcessEnv = process.env): Omit<ShareServerOptions, 'logger'> {
  const domain = values.domain?.trim().toLowerCase().replace(/\.$/, '');
  if (!domain) return fail('--domain is required: the domain whose subdomains are the shares (wildcard DNS *.<domain> points here).');
  if (!/^[a-z0-9.-]+$/.test(domain) || domain.startsWith('.') || domain.includes('..'))
    return fail(`--domain ${domain} is not a domain name.`);
  const cert = values['tls-cert'];
  const key = values['tls-key'];
  if ((cert === undefined) !== (key === undefined)) fail('--tls-cert and --tls-key go together.');
  const publicUrl = values['public-url'];
  if (publicUrl !== undefined && !/^https?:\/\/[^/]+\/?$/.test(publicUrl))
    fail(`--public-url must be a scheme and host like https://${domain} (got "${publicUrl}").`);
  const { limits } = SHARE_SERVER_DEFAULTS;
  return {
    domain,
    host: values.host ?? SHARE_SERVER_DEFAULTS.host,
    httpPort: parseNumber(values['http-port'], '--http-port', 0, 65_535, SHARE_SERVER_DEFAULTS.httpPort),
    sshPort: values['ssh-port'] === 'off' ? 'off' : parseNumber(values['ssh-port'], '--ssh-port', 0, 65_535, SHARE_SERVER_DEFAULTS.sshPort),
    dataDir: values['data-dir'] ? path.resolve(values['data-dir']) : path.join(appDataDir(env), 'share-server'),
    clients: clientPolicy(values, env),
    expiryMs: values.expiry === undefined ? SHARE_SERVER_DEFAULTS.expiryMs : parseDuration(values.expiry, '--expiry'),
    ...(cert !== undefined && key !== undefined ? { tls: tlsPair(cert, key) } : {}),
    ...(publicUrl !== undefined ? { publicUrl } : {}),
    limits: {
      maxConnections: parseNumber(values['max-connections'], '--max-connections', 1, 100_000, limits.maxConnections),
      requestsPerMinute: parseNumber(values['requests-per-minute'], '--requests-per-minute', 1, 1_000_000, limits.requestsPerMinute),
    },
    trustProxy: values['trust-proxy'] === true,
  };
}
