import type { DeviceVendor } from './device-report.js';

/** The vendor named in a device or vendor string ("NVIDIA GeForce ...", "sppci_vendor_Apple", "AMD (0x1002)"). */
export function vendorFromName(text: string): DeviceVendor {
  const name = text.toLowerCase();
  if (/nvidia|geforce|quadro|tesla|0x10de/.test(name)) return 'nvidia';
  if (/(^|[^a-z])amd([^a-z]|$)|radeon|advanced micro devices|ati technologies|0x1002|instinct/.test(name)) return 'amd';
  if (/apple|0x106b/.test(name)) return 'apple';
  if (/intel|0x8086/.test(name)) return 'intel';
  if (/microsoft/.test(name)) return 'microsoft';
  return 'other';
}
