import type * as Ngrok from '@ngrok/ngrok';
import { TunnelError } from './tunnel.js';

export type NgrokModule = typeof Ngrok;

/**
 * Loads `@ngrok/ngrok` when an ngrok share is asked for, never before: its native module exists
 * for some platforms only, and the app must start (and share over ssh) where it is missing. A
 * failure is a TunnelError (step connect) that names the platform and the way around it.
 */
export async function loadNgrok(load: () => Promise<NgrokModule> = () => import('@ngrok/ngrok')): Promise<NgrokModule> {
  try {
    return await load();
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new TunnelError(
      'connect',
      `The ngrok provider cannot run here: ngrok's native module for ${process.platform}-${process.arch} could not be loaded (${detail}). ` +
        `Share with ssh instead (--share share+wss://<your share server> or ssh://<host>), or run demo-desktop on a platform ngrok supports.`,
      { cause: error },
    );
  }
}
