import { chmod, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ssh2 from 'ssh2';
import { AppError } from '../../preload/shared/errors.js';
import { writeFileAtomic } from '../common/atomic-write.js';
import { fingerprintOf } from './client-keys.js';
import { generateEd25519KeyPair } from '../common/ssh-key-pair.js';

export interface HostKey {
  /** The private key in OpenSSH format, for `ssh2.Server`'s `hostKeys`. */
  readonly privateKey: string;
  /** `SHA256:…` as `ssh-keygen -lf` prints it: what clients pin. */
  readonly fingerprint: string;
}

/**
 * The server's SSH host key, `<dataDir>/host_ed25519` (mode 0600): generated on first start and
 * reused after, so clients that pinned it on first use keep trusting the server across restarts.
 */
export async function loadOrCreateHostKey(dataDir: string): Promise<HostKey> {
  const file = path.join(dataDir, 'host_ed25519');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  let privateKey = await readFile(file, 'utf8').catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
  if (privateKey === undefined) {
    const pair = generateEd25519KeyPair();
    privateKey = pair.private;
    await writeFileAtomic(file, privateKey, 0o600);
    await writeFileAtomic(`${file}.pub`, `${pair.public}\n`, 0o644);
  }
  // writeFileAtomic keeps an existing file's mode; make sure the key is private whatever it was.
  await chmod(file, 0o600);
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error) {
    throw new AppError(
      'INVALID_INPUT',
      `${file} is not an SSH private key (${parsed.message}); remove it to make a new one (clients will then see a changed host key).`,
    );
  }
  return { privateKey, fingerprint: fingerprintOf(parsed.getPublicSSH()) };
}
