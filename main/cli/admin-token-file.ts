import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The admin token goes to a file only its owner can read, not to the terminal: a token printed on
 * every start ends up in screenshots and pasted bug reports. The file lives in the run's private
 * data folder (created with mode 0700 by mkdtemp) and goes away with it when the server stops.
 */
export const ADMIN_TOKEN_FILE = 'admin-token';

/** Writes `token` to `<dir>/admin-token` with mode 0600 (never over an existing file); returns its path. */
export async function writeAdminTokenFile(dir: string, token: string): Promise<string> {
  const file = join(dir, ADMIN_TOKEN_FILE);
  await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return file;
}
