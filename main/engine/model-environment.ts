import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ModelEnvironment } from '../runtimes/runtime.js';

/**
 * Where models come from, from the environment: DEMO_DESKTOP_CACHE (cache folder, default
 * ~/.cache/demo-desktop/models), DEMO_DESKTOP_OFFLINE=1 or HF_HUB_OFFLINE=1 (never download),
 * HF_ENDPOINT (a Hub mirror). Command-line flags override these.
 */
export function modelEnvironment(overrides: Partial<ModelEnvironment> = {}, env: NodeJS.ProcessEnv = process.env): ModelEnvironment {
  const truthy = (value: string | undefined): boolean => value !== undefined && /^(1|true|yes|on)$/i.test(value);
  return {
    cacheDir: overrides.cacheDir ?? env.DEMO_DESKTOP_CACHE ?? join(homedir(), '.cache', 'demo-desktop', 'models'),
    offline: overrides.offline ?? (truthy(env.DEMO_DESKTOP_OFFLINE) || truthy(env.HF_HUB_OFFLINE)),
    hubEndpoint: (overrides.hubEndpoint ?? env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, ''),
  };
}
