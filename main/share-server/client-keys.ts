import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
// ssh2 is CommonJS: Node's ESM loader sees only its default export.
import ssh2 from 'ssh2';

/** `SHA256:<base64, no padding>` of a public key blob, as OpenSSH prints fingerprints. */
export function fingerprintOf(publicKeyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * Who may open tunnels. Every client signs in with a public key (the key is its identity: it owns
 * its names); then either the key must be listed in an authorized_keys file, or (token mode) the
 * client must send the shared token as its SSH user name (`ssh -R 80:localhost:7860 <token>@host`).
 */
export type ClientPolicy = { kind: 'keys'; file: string } | { kind: 'token'; token: string };

/** The key blobs listed in an OpenSSH authorized_keys file (options before the key type are skipped). */
export function parseAuthorizedKeys(text: string): Buffer[] {
  const blobs: Buffer[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const at = fields.findIndex((field) => /^(ssh-|ecdsa-sha2-|sk-)/.test(field));
    const type = at >= 0 ? fields[at] : undefined;
    const data = at >= 0 ? fields[at + 1] : undefined;
    if (!type || !data) continue;
    const parsed = ssh2.utils.parseKey(`${type} ${data}`);
    if (!(parsed instanceof Error)) blobs.push(parsed.getPublicSSH());
  }
  return blobs;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Whether a client may use this key (and user name). The authorized_keys file is read on each
 * sign-in, so editing it takes effect without a restart.
 */
export async function isClientAllowed(policy: ClientPolicy, username: string, keyBlob: Buffer): Promise<boolean> {
  if (policy.kind === 'token') return sameText(username, policy.token);
  const text = await readFile(policy.file, 'utf8').catch(() => '');
  return parseAuthorizedKeys(text).some((blob) => blob.equals(keyBlob));
}
