import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../preload/shared/errors.js';
import { writeFileAtomic } from '../common/atomic-write.js';
import { KeyedLock } from '../common/keyed-lock.js';
import { TunnelError } from './tunnel.js';

/** `<dataDir>/share/known_hosts.json`: the pinned host key of each share server, per host:port. */
export const knownHostsSchema = z.object({
  version: z.literal(1),
  hosts: z.record(
    z.string(),
    z.object({
      /** The key's SSH type, e.g. "ssh-ed25519". */
      type: z.string(),
      /** OpenSSH's fingerprint form, "SHA256:<base64 without padding>". */
      fingerprint: z.string(),
      /** The key blob, base64, as in an OpenSSH known_hosts line. */
      key: z.string(),
      pinnedAt: z.string(),
    }),
  ),
});
export type KnownHosts = z.infer<typeof knownHostsSchema>;

export function knownHostsFile(dataDir: string): string {
  return path.join(dataDir, 'share', 'known_hosts.json');
}

/** The fingerprint `ssh-keygen -lf` prints for a key blob: SHA256 of the blob, base64, no "=". */
export function sshFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type written at the start of an SSH key blob (a length-prefixed string). */
function keyType(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const length = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}

async function readKnownHosts(file: string): Promise<KnownHosts> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, hosts: {} };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError('INVALID_INPUT', `${file} is not valid JSON; fix or delete it.`, { cause: error });
  }
  const parsed = knownHostsSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError('INVALID_INPUT', `${file} is not a known-hosts file: ${parsed.error.message}. Fix or delete it.`);
  }
  return parsed.data;
}

const lock = new KeyedLock();

/**
 * Trust on first use: the first key seen for `hostPort` is written to the file and trusted; later
 * the same key is trusted, and any other key is a TunnelError (step host-key) naming both
 * fingerprints and the file to edit if the change is expected (a reinstalled server).
 */
export async function checkHostKey(
  file: string,
  hostPort: string,
  keyBlob: Buffer,
  now: () => Date = () => new Date(),
): Promise<'pinned' | 'trusted'> {
  return lock.run(file, async () => {
    const known = await readKnownHosts(file);
    const fingerprint = sshFingerprint(keyBlob);
    const pinned = known.hosts[hostPort];
    if (pinned) {
      if (pinned.key === keyBlob.toString('base64')) return 'trusted';
      throw new TunnelError(
        'host-key',
        `The host key of the share server ${hostPort} has changed: pinned ${pinned.fingerprint} (${pinned.type}), ` +
          `offered ${fingerprint} (${keyType(keyBlob)}). This can mean someone is intercepting the connection. ` +
          `If the server was reinstalled on purpose, remove the "${hostPort}" entry from ${file} and share again.`,
      );
    }
    known.hosts[hostPort] = {
      type: keyType(keyBlob),
      fingerprint,
      key: keyBlob.toString('base64'),
      pinnedAt: now().toISOString(),
    };
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFileAtomic(file, `${JSON.stringify(known, null, 2)}\n`, 0o600);
    return 'pinned';
  });
}
