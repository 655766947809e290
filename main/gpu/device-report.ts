import { z } from 'zod';

/**
 * The wire shapes of GPU detection: what was found (devices), which onnxruntime execution providers
 * can run here (providers) and why anything is missing (reasons). These schemas are the single
 * source of truth; the types below come from them.
 */

export const deviceVendor = z.enum(['nvidia', 'amd', 'apple', 'intel', 'microsoft', 'other']);
export type DeviceVendor = z.infer<typeof deviceVendor>;

const bytes = z.number().int().nonnegative().nullable();

export const detectedDevice = z.object({
  /** Stable within one report: `cuda:0`, `rocm:1`, `metal:0`, `display:0`. */
  id: z.string().min(1),
  vendor: deviceVendor,
  name: z.string().min(1),
  memoryTotalBytes: bytes,
  memoryFreeBytes: bytes,
  /** Fraction of time the GPU was busy, 0..1; null when the tool does not say. */
  utilization: z.number().min(0).max(1).nullable(),
  driver: z.string().min(1).nullable(),
});
export type DetectedDevice = z.infer<typeof detectedDevice>;

/** The execution providers chooseDevice can pick, best first in `auto`. */
export const providerName = z.enum(['cuda', 'webgpu', 'dml', 'coreml', 'cpu']);
export type ProviderName = z.infer<typeof providerName>;

export const providerStatus = z.object({
  /** onnxruntime's backend name; may be one this app does not pick (tensorrt, qnn). */
  name: z.string().min(1),
  /** Its binaries ship inside the onnxruntime-node package. */
  bundled: z.boolean(),
  /** Bundled, or its separately installed libraries were found next to the binding. */
  installed: z.boolean(),
  /** Result of the active check (a tiny session in a child process); null when not checked. */
  usable: z.boolean().nullable(),
  /** Human-readable: why it is (not) usable, or what would make it so. */
  reason: z.string().min(1),
});
export type ProviderStatus = z.infer<typeof providerStatus>;

export const deviceReport = z.object({
  devices: z.array(detectedDevice),
  providers: z.array(providerStatus),
  /** One line per probe that found nothing or failed (tool not installed, timeout, bad output). */
  reasons: z.array(z.string()),
});
export type DeviceReport = z.infer<typeof deviceReport>;

/** What one probe found, plus why it found nothing (never thrown: a missing tool is normal). */
export interface ProbeResult {
  readonly devices: readonly DetectedDevice[];
  readonly reasons: readonly string[];
}
