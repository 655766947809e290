import { sendJson } from '../responses.js';
import type { Router } from '../router.js';
import { assertAdmin } from './admin-auth.js';
import type { DeviceCache } from './device-cache.js';

/**
 * GET /api/engine/devices: GPUs (name, memory total/free, utilization, driver) and execution
 * providers, from the system tools (cached, see DeviceCache). Admin only: local + admin token.
 */
export function registerDeviceRoutes(router: Router, devices: DeviceCache, adminToken: string): void {
  router.add('GET', /^\/api\/engine\/devices\/?$/, async (rc) => {
    assertAdmin(rc.req, adminToken);
    sendJson(rc.res, 200, await devices.report());
  });
}
