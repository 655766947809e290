import os from 'node:os';
import type { MachineInfo } from '../../preload/shared/home/home-api.js';
import { detectDevices, type DetectDevicesOptions } from '../gpu/detect-devices.js';
import type { DeviceReport } from '../gpu/device-report.js';
import type { MachineFacts } from './hardware-check.js';

/**
 * This computer as the home screen shows it: CPU model and logical cores, total and free memory
 * (node:os), GPUs and the onnxruntime execution providers that really work here (gpu/: the probes
 * plus the active check, a tiny session per installed provider in a child process). Detection
 * runs once per desk, on first use (the active check costs about a second per provider); memory
 * is read fresh on every call.
 */

export interface MachineOs {
  cpus(): readonly { readonly model: string }[];
  totalmem(): number;
  freemem(): number;
}

export interface MachineInfoOptions {
  readonly detect?: (options: DetectDevicesOptions) => Promise<DeviceReport>;
  readonly os?: MachineOs;
}

export class MachineInfoSource {
  private report: Promise<DeviceReport> | undefined;
  private readonly detect: (options: DetectDevicesOptions) => Promise<DeviceReport>;
  private readonly os: MachineOs;

  constructor(options: MachineInfoOptions = {}) {
    this.detect = options.detect ?? detectDevices;
    this.os = options.os ?? os;
  }

  /** GPUs and providers, detected once; a failed detection is tried again on the next call. */
  devices(): Promise<DeviceReport> {
    if (!this.report) {
      const report = this.detect({ activeCheck: true });
      this.report = report;
      report.catch(() => {
        if (this.report === report) this.report = undefined;
      });
    }
    return this.report;
  }

  async facts(): Promise<MachineFacts> {
    return {
      cores: Math.max(1, this.os.cpus().length),
      totalMemoryBytes: this.os.totalmem(),
      freeMemoryBytes: this.os.freemem(),
      devices: await this.devices(),
    };
  }

  async info(): Promise<MachineInfo> {
    const facts = await this.facts();
    const { devices, providers, reasons } = facts.devices;
    return {
      platform: process.platform,
      arch: process.arch,
      cpu: { model: cpuModel(this.os), cores: facts.cores },
      memory: { totalBytes: facts.totalMemoryBytes, freeBytes: facts.freeMemoryBytes },
      gpus: devices.map(({ id, name, vendor, memoryTotalBytes, memoryFreeBytes }) => ({
        id,
        name,
        vendor,
        memoryTotalBytes,
        memoryFreeBytes,
      })),
      providers: providers.map(({ name, usable, reason }) => ({ name, usable, reason })),
      notes: reasons,
    };
  }
}

function cpuModel(system: MachineOs): string {
  const model = system.cpus()[0]?.model.trim();
  return model === undefined || model === '' ? 'unknown CPU' : model;
}
