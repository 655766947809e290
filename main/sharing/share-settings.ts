import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../common/atomic-write.js';

/**
 * What the Share panel remembers between launches, in `<app data>/share/settings.json` (mode
 * 0600, written atomically): the share server the owner last shared through and the expiry they
 * picked, so the next share is one click, and the name each share server gave (the same URL again). The server address may carry a share server's token as
 * its user name (`share://<token>@host`), which is what that server asks for; nothing else secret
 * is kept (no access key, no passcode).
 */

export const EXPIRY_CHOICES_HOURS = [1, 24, 72, 168] as const;
export const DEFAULT_EXPIRY_HOURS = 72;

export const ShareSettingsSchema = z.object({
  server: z.string().min(1).max(2048).optional(),
  expiresHours: z
    .number()
    .positive()
    .max(24 * 365)
    .optional(),
  /** Per share server address: the name it gave last time, asked for again (the same URL). */
  names: z.record(z.string(), z.string().regex(/^[a-z0-9-]{1,63}$/)).optional(),
});
export type ShareSettings = z.infer<typeof ShareSettingsSchema>;

export function shareSettingsFile(dataDir: string): string {
  return path.join(dataDir, 'share', 'settings.json');
}

/** The remembered settings; a missing or unreadable file is no settings (the panel asks again). */
export async function readShareSettings(dataDir: string): Promise<ShareSettings> {
  try {
    const parsed = ShareSettingsSchema.safeParse(JSON.parse(await readFile(shareSettingsFile(dataDir), 'utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export async function writeShareSettings(dataDir: string, settings: ShareSettings): Promise<void> {
  const file = shareSettingsFile(dataDir);
  // The same folder as the key pair (ssh-key.ts): only this user may list it.
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, `${JSON.stringify(ShareSettingsSchema.parse(settings), null, 2)}\n`, 0o600);
}
