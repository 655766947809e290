import { spawn } from 'node:child_process';

/**
 * Opens a URL in the system browser, or says why it cannot: no display on Linux (SSH, CI,
 * containers), or no opener installed. Never throws; the caller prints the URL either way.
 */
export function browserCommand(
  url: string,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): { command: string; args: string[] } | { reason: string } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return { reason: 'no display found (DISPLAY and WAYLAND_DISPLAY are unset)' };
  return { command: 'xdg-open', args: [url] };
}

export function openBrowser(url: string): Promise<{ opened: true } | { opened: false; reason: string }> {
  const plan = browserCommand(url);
  if ('reason' in plan) return Promise.resolve({ opened: false, reason: plan.reason });
  return new Promise((resolve) => {
    const child = spawn(plan.command, plan.args, { detached: true, stdio: 'ignore' });
    child.once('error', (error) => resolve({ opened: false, reason: `${plan.command} failed: ${error.message}` }));
    child.once('spawn', () => {
      child.unref();
      resolve({ opened: true });
    });
  });
}
