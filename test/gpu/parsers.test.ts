import { describe, expect, it } from 'vitest';
import { parseAppleDisplays } from '../../main/gpu/apple.js';
import { detectedDevice } from '../../main/gpu/device-report.js';
import { parseNvidiaSmi } from '../../main/gpu/nvidia-smi.js';
import { parseRocmSmi } from '../../main/gpu/rocm-smi.js';
import { vendorFromName } from '../../main/gpu/vendor.js';
import { parseWindowsVideoControllers } from '../../main/gpu/windows-video.js';
import { fixture, GIB, MIB } from './support.js';

/** The parsers against captured tool outputs; every device they produce must satisfy the schema. */

function expectValid(devices: readonly unknown[]): void {
  for (const entry of devices) expect(detectedDevice.safeParse(entry).success).toBe(true);
}

describe('parseNvidiaSmi', () => {
  it('parses one GPU, MiB to bytes, percent to a fraction', () => {
    const { devices, reasons } = parseNvidiaSmi(fixture('nvidia-smi-single.txt'));
    expect(reasons).toEqual([]);
    expect(devices).toEqual([
      {
        id: 'cuda:0',
        vendor: 'nvidia',
        name: 'NVIDIA GeForce RTX 4090',
        memoryTotalBytes: 24564 * MIB,
        memoryFreeBytes: 23035 * MIB,
        utilization: 0.07,
        driver: '550.54.14',
      },
    ]);
    expectValid(devices);
  });

  it('parses several GPUs with CRLF, padding and blank lines', () => {
    const { devices, reasons } = parseNvidiaSmi(fixture('nvidia-smi-multi.txt'));
    expect(reasons).toEqual([]);
    expect(devices.map((entry) => [entry.id, entry.name, entry.memoryFreeBytes, entry.utilization, entry.driver])).toEqual([
      ['cuda:0', 'NVIDIA A100-SXM4-80GB', 3079 * MIB, 1, '535.183.01'],
      ['cuda:1', 'NVIDIA A100-SXM4-80GB', 81275 * MIB, 0, '535.183.01'],
    ]);
    expectValid(devices);
  });

  it('turns [N/A] and [Not Supported] into null, never NaN or 0', () => {
    const { devices } = parseNvidiaSmi(fixture('nvidia-smi-na.txt'));
    expect(devices[0]).toMatchObject({ memoryTotalBytes: 4096 * MIB, memoryFreeBytes: null, utilization: null, driver: '470.256.02' });
    expect(devices[1]).toMatchObject({
      id: 'cuda:1',
      name: 'NVIDIA A100-SXM4-40GB MIG 1g.5gb',
      memoryTotalBytes: null,
      memoryFreeBytes: null,
      utilization: null,
      driver: null,
    });
    expectValid(devices);
  });

  it('derives free memory from total and used when free is unknown', () => {
    const { devices } = parseNvidiaSmi('0, Tesla T4, GPU-x, 15360, 360, [N/A], 3, 535.1\n');
    expect(devices[0]?.memoryFreeBytes).toBe(15000 * MIB);
  });

  it('keeps a comma inside the name and reports malformed lines', () => {
    const { devices, reasons } = parseNvidiaSmi('0, Odd, Name, GPU-x, 100, 1, 99, 0, 1.0\ngarbage line\n');
    expect(devices[0]?.name).toBe('Odd, Name');
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toContain('line 2');
  });

  it('reports empty output as a reason', () => {
    expect(parseNvidiaSmi('\n')).toEqual({ devices: [], reasons: ['nvidia-smi: ran, but listed no GPUs.'] });
  });
});

describe('parseRocmSmi', () => {
  it('parses the JSON of one card', () => {
    const { devices, reasons } = parseRocmSmi(fixture('rocm-smi-single.txt'));
    expect(reasons).toEqual([]);
    expect(devices).toEqual([
      {
        id: 'rocm:0',
        vendor: 'amd',
        name: 'Radeon RX 7900 XT',
        memoryTotalBytes: 21458059264,
        memoryFreeBytes: 21458059264 - 27856896,
        utilization: 0,
        driver: null,
      },
    ]);
    expectValid(devices);
  });

  it('handles older labels, N/A values, a system entry and a warning line', () => {
    const { devices } = parseRocmSmi(fixture('rocm-smi-multi.txt'));
    expect(devices.map((entry) => entry.id)).toEqual(['rocm:0', 'rocm:1']);
    expect(devices[0]).toMatchObject({ name: 'Arcturus GL-XL [AMD Instinct MI100]', utilization: 0.87, driver: '6.7.0' });
    expect(devices[0]?.memoryFreeBytes).toBe(34342961152 - 6844448768);
    expect(devices[1]).toMatchObject({ memoryTotalBytes: 34342961152, memoryFreeBytes: null, utilization: null });
    expectValid(devices);
  });

  it('orders cards numerically (card10 after card2)', () => {
    const json = JSON.stringify({ card10: { 'Card Series': 'B' }, card2: { 'Card Series': 'A' } });
    expect(parseRocmSmi(json).devices.map((entry) => entry.id)).toEqual(['rocm:2', 'rocm:10']);
  });

  it('reports output that is not JSON', () => {
    const result = parseRocmSmi('ERROR: GPU[0] : Unable to get GPU memory use.');
    expect(result.devices).toEqual([]);
    expect(result.reasons[0]).toMatch(/^rocm-smi: output is not JSON/);
  });
});

describe('parseWindowsVideoControllers', () => {
  it('accepts a single object (one adapter) and treats the 32-bit AdapterRAM cap as unknown', () => {
    const { devices, reasons } = parseWindowsVideoControllers(fixture('windows-single.txt'));
    expect(devices).toEqual([
      {
        id: 'display:0',
        vendor: 'nvidia',
        name: 'NVIDIA GeForce RTX 3060',
        memoryTotalBytes: null,
        memoryFreeBytes: null,
        utilization: null,
        driver: '31.0.15.5222',
      },
    ]);
    expect(reasons[0]).toContain('4 GiB or more');
  });

  it('accepts an array (several adapters) with CRLF', () => {
    const { devices } = parseWindowsVideoControllers(fixture('windows-array.txt'));
    expect(devices.map((entry) => [entry.id, entry.vendor, entry.memoryTotalBytes])).toEqual([
      ['display:0', 'intel', GIB],
      ['display:1', 'amd', null],
      ['display:2', 'microsoft', null],
    ]);
    expectValid(devices);
  });

  it('reports empty output (no adapters) as a reason', () => {
    expect(parseWindowsVideoControllers('\r\n').reasons).toEqual(['Win32_VideoController: no display adapters listed.']);
  });
});

describe('parseAppleDisplays', () => {
  it('reports an Apple Silicon GPU with unified memory = RAM', () => {
    const { devices, reasons } = parseAppleDisplays(fixture('apple-m3-pro.txt'), 'Apple M3 Pro', 36 * GIB);
    expect(reasons).toEqual([]);
    expect(devices).toEqual([
      {
        id: 'metal:0',
        vendor: 'apple',
        name: 'Apple M3 Pro',
        memoryTotalBytes: 36 * GIB,
        memoryFreeBytes: null,
        utilization: null,
        driver: null,
      },
    ]);
  });

  it('reports an Intel Mac with integrated and discrete GPUs and their VRAM', () => {
    const { devices } = parseAppleDisplays(fixture('apple-intel-mac.txt'), 'Intel(R) Core(TM) i9-9980HK CPU @ 2.40GHz', 32 * GIB);
    expect(devices.map((entry) => [entry.id, entry.vendor, entry.name, entry.memoryTotalBytes])).toEqual([
      ['metal:0', 'intel', 'Intel UHD Graphics 630', 1536 * MIB],
      ['metal:1', 'amd', 'AMD Radeon Pro 5500M', 4 * GIB],
    ]);
    expectValid(devices);
  });

  it('falls back to the chip name when system_profiler says nothing useful', () => {
    const result = parseAppleDisplays('not json', 'Apple M1', 8 * GIB);
    expect(result.devices).toEqual([
      expect.objectContaining({ id: 'metal:0', vendor: 'apple', name: 'Apple M1', memoryTotalBytes: 8 * GIB }),
    ]);
    expect(result.reasons).toHaveLength(1);
    expect(parseAppleDisplays('{}', 'Intel(R) Core(TM) i5', 8 * GIB).devices).toEqual([]);
  });
});

describe('vendorFromName', () => {
  it.each([
    ['NVIDIA GeForce RTX 3060', 'nvidia'],
    ['AMD Radeon RX 6600', 'amd'],
    ['sppci_vendor_amd', 'amd'],
    ['Radeon Pro Vega 64', 'amd'],
    ['sppci_vendor_Apple', 'apple'],
    ['Intel(R) Iris(R) Xe Graphics', 'intel'],
    ['Microsoft Basic Display Adapter', 'microsoft'],
    ['Parsec Virtual Display Adapter', 'other'],
    ['Qualcomm Adreno X1-85', 'other'],
  ] as const)('%s → %s', (name, vendor) => {
    expect(vendorFromName(name)).toBe(vendor);
  });
});
