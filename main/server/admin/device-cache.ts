import { detectDevices, type DetectDevicesOptions } from '../../gpu/detect-devices.js';
import type { DeviceReport } from '../../gpu/device-report.js';

/**
 * One device report reused for `maxAgeMs`: probing runs nvidia-smi and friends, and both the admin
 * view (polling /api/engine/devices) and a Prometheus scraper (/metrics) ask for it often.
 */
export class DeviceCache {
  private cached: { at: number; report: Promise<DeviceReport> } | undefined;

  constructor(
    private readonly options: DetectDevicesOptions & { readonly maxAgeMs?: number } = {},
    private readonly detect: (options: DetectDevicesOptions) => Promise<DeviceReport> = detectDevices,
  ) {}

  /** The current report; a failed detection is not cached, so the next call tries again. */
  report(): Promise<DeviceReport> {
    const now = performance.now();
    if (!this.cached || now - this.cached.at > (this.options.maxAgeMs ?? 5_000)) {
      const report = this.detect({ ...this.options, activeCheck: false });
      const entry = { at: now, report };
      this.cached = entry;
      report.catch(() => {
        if (this.cached === entry) this.cached = undefined;
      });
    }
    return this.cached.report;
  }
}
