import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ssh2 from 'ssh2';
import { AppError } from '../../preload/shared/errors.js';
import { writeFileAtomic } from '../common/atomic-write.js';
import { generateEd25519KeyPair } from '../common/ssh-key-pair.js';

/** The app's own SSH identity for share tunnels. */
export interface SshKey {
  /** The private key, OpenSSH format (what ssh2's `privateKey` takes). */
  readonly privateKey: string;
  /** The public key as one authorized_keys line: "ssh-ed25519 AAAA… demo-desktop". */
  readonly publicKey: string;
  readonly privateKeyFile: string;
  readonly publicKeyFile: string;
}

const COMMENT = 'demo-desktop share';

export function sshKeyFiles(dataDir: string): { privateKeyFile: string; publicKeyFile: string } {
  const privateKeyFile = path.join(dataDir, 'share', 'id_ed25519');
  return { privateKeyFile, publicKeyFile: `${privateKeyFile}.pub` };
}

/** The authorized_keys line for an OpenSSH private key. */
function publicLine(privateKey: string, file: string): string {
  const parsed = ssh2.utils.parseKey(privateKey);
  const key = Array.isArray(parsed) ? (parsed as unknown[])[0] : parsed;
  if (key instanceof Error || key === undefined) {
    const why = key instanceof Error ? key.message : 'no key in the file';
    throw new AppError('INVALID_INPUT', `${file} is not a usable private key (${why}). Delete it to get a new one.`);
  }
  const parsedKey = key as ssh2.ParsedKey;
  return `${parsedKey.type} ${parsedKey.getPublicSSH().toString('base64')} ${COMMENT}`;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Loads the app's key pair from `<dataDir>/share/id_ed25519`, generating an ed25519 pair on first
 * use. The private key is written atomically with mode 0600 (the folder 0700); the public key
 * beside it (`.pub`) so a user can copy it into a server's authorized_keys. When two processes
 * generate at once, both end up using whichever file won the rename (it is read back).
 */
export async function loadOrCreateSshKey(dataDir: string): Promise<SshKey> {
  const files = sshKeyFiles(dataDir);
  let privateKey = await readIfExists(files.privateKeyFile);
  if (privateKey === undefined) {
    const pair = generateEd25519KeyPair(COMMENT);
    await mkdir(path.dirname(files.privateKeyFile), { recursive: true, mode: 0o700 });
    await writeFileAtomic(files.privateKeyFile, pair.private, 0o600);
    privateKey = await readFile(files.privateKeyFile, 'utf8');
    await writeFileAtomic(files.publicKeyFile, `${publicLine(privateKey, files.privateKeyFile)}\n`, 0o644);
  }
  return { ...files, privateKey, publicKey: publicLine(privateKey, files.privateKeyFile) };
}

/** The public key line for the CLI to print ("add this to authorized_keys"), creating the pair if needed. */
export async function sshPublicKey(dataDir: string): Promise<string> {
  return (await loadOrCreateSshKey(dataDir)).publicKey;
}
