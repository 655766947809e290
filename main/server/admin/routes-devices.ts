import { detectDevices, type DetectDevicesOptions } from '../../gpu/detect-devices.js';
import type { DeviceReport } from '../../gpu/device-report.js';
import { sendJson } from '../responses.js';
import type { Router } from '../router.js';
import { assertLocal } from './local-only.js';

/**
 * GET /api/engine/devices: GPUs (name, memory total/free, utilization, driver) and execution
 * providers, from the system tools. Polled by the admin view, so a report is reused for
 * `maxAgeMs` (probing runs nvidia-smi and friends). Local requests only.
 */
export function registerDeviceRoutes(router: Router, options: DetectDevicesOptions & { readonly maxAgeMs?: number } = {}): void {
  const maxAgeMs = options.maxAgeMs ?? 5_000;
  let cached: { at: number; report: Promise<DeviceReport> } | undefined;
  router.add('GET', /^\/api\/engine\/devices\/?$/, async (rc) => {
    assertLocal(rc.req);
    const now = performance.now();
    if (!cached || now - cached.at > maxAgeMs) {
      const report = detectDevices({ ...options, activeCheck: false });
      cached = { at: now, report };
      report.catch(() => (cached = undefined));
    }
    sendJson(rc.res, 200, await cached.report);
  });
}
