import { randomBytes } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A new high-entropy name: 10 base32 characters (50 bits), a valid DNS label. */
export function newName(): string {
  const bytes = randomBytes(10);
  let name = '';
  for (const byte of bytes) name += BASE32.charAt(byte & 31);
  return name;
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Bind addresses that mean "any name": what `ssh -R` and other clients send when no name is given. */
const ANY = new Set(['', 'localhost', '*', '0.0.0.0', '127.0.0.1', '::', '::1']);

export type RequestedName = { kind: 'any' } | { kind: 'name'; name: string } | { kind: 'invalid'; reason: string };

/**
 * Reads the name a client asks for from a `tcpip-forward` bind address: `''`/`localhost` (any name),
 * `<name>` or `<name>.<domain>`. Names are DNS labels, compared in lower case.
 */
export function requestedName(bindAddr: string, domain: string): RequestedName {
  const lower = bindAddr.trim().toLowerCase();
  if (ANY.has(lower)) return { kind: 'any' };
  const name = lower.endsWith(`.${domain}`) ? lower.slice(0, -(domain.length + 1)) : lower;
  if (!LABEL.test(name)) {
    return { kind: 'invalid', reason: `"${bindAddr}" is not a valid name (letters, digits and inner hyphens, 1 to 63 characters)` };
  }
  return { kind: 'name', name };
}

/** What a Host header addresses: the landing page (the bare domain), a share name, or nothing of ours. */
export type HostTarget = { kind: 'landing' } | { kind: 'share'; name: string } | { kind: 'foreign' };

export function hostTarget(host: string | undefined, domain: string): HostTarget {
  if (!host) return { kind: 'foreign' };
  let bare = host.trim().toLowerCase();
  // Strip a port (`name.domain:8080`); an IPv6 literal has no name of ours anyway.
  const colon = bare.lastIndexOf(':');
  if (colon > 0 && !bare.endsWith(']')) bare = bare.slice(0, colon);
  if (bare.endsWith('.')) bare = bare.slice(0, -1);
  if (bare === domain) return { kind: 'landing' };
  if (!bare.endsWith(`.${domain}`)) return { kind: 'foreign' };
  const name = bare.slice(0, -(domain.length + 1));
  return LABEL.test(name) ? { kind: 'share', name } : { kind: 'foreign' };
}
