import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ProviderStatus } from './device-report.js';

/**
 * What the onnxruntime-node build says it supports (`listSupportedBackends()`), before anything is
 * tried. `bundled: false` (cuda, tensorrt on Linux x64) means the provider is compiled in but its
 * libraries are downloaded by the package's install script, which this project skips by default;
 * so "installed" is decided by looking for those libraries next to the binding. None of this proves
 * a provider works: `usable` stays null until checkProvider has run a session on it.
 */

/** One entry of onnxruntime-node's `listSupportedBackends()`. */
export interface SupportedBackend {
  readonly name: string;
  readonly bundled: boolean;
}

export type ListSupportedBackends = () => readonly SupportedBackend[] | Promise<readonly SupportedBackend[]>;

/** onnxruntime-node's own list; imported lazily so that loading this module loads no native code. */
export const listOrtBackends: ListSupportedBackends = async () => {
  const ort = await import('onnxruntime-node');
  return ort.listSupportedBackends();
};

/** Where onnxruntime-node's native binding (and any downloaded provider libraries) live. */
export function ortBindingDir(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string | null {
  try {
    const manifest = createRequire(import.meta.url).resolve('onnxruntime-node/package.json');
    return join(dirname(manifest), 'bin', 'napi-v6', platform, arch).replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  } catch {
    return null;
  }
}

/** The shared library a non-bundled provider needs, per platform (onnxruntime's naming). */
export function providerLibrary(name: string, platform: NodeJS.Platform): string {
  return platform === 'win32' ? `onnxruntime_providers_${name}.dll` : `libonnxruntime_providers_${name}.so`;
}

/** What to do to get a provider that is missing or unusable. */
export function installHint(name: string): string {
  switch (name) {
    case 'cuda':
    case 'tensorrt':
      return (
        'install the CUDA provider with `npm install onnxruntime-node --onnxruntime-node-install=cuda12` ' +
        '(or ONNXRUNTIME_NODE_INSTALL=cuda12 npm ci) and an NVIDIA driver with CUDA 12 and cuDNN 9'
      );
    case 'webgpu':
      return (
        'install a GPU driver with Vulkan (Linux: the Vulkan loader libvulkan1 plus mesa-vulkan-drivers or the ' +
        'NVIDIA driver), Metal (macOS) or Direct3D 12 (Windows) support'
      );
    case 'dml':
      return 'update Windows and the GPU driver (DirectML needs Direct3D 12)';
    case 'coreml':
      return 'CoreML needs macOS 12 or later';
    default:
      return 'see the onnxruntime execution provider documentation';
  }
}

export interface PassiveStatusOptions {
  readonly platform?: NodeJS.Platform;
  /** Whether a provider's library file exists; defaults to looking next to the binding. */
  readonly libraryExists?: (file: string) => boolean;
}

/** Provider statuses from the backend list alone (usable: null, nothing was run). */
export function passiveProviderStatuses(backends: readonly SupportedBackend[], options: PassiveStatusOptions = {}): ProviderStatus[] {
  const platform = options.platform ?? process.platform;
  const bindingDir = ortBindingDir(platform);
  const libraryExists = options.libraryExists ?? ((file: string) => bindingDir !== null && existsSync(join(bindingDir, file)));
  return backends.map(({ name, bundled }) => {
    const installed = bundled || libraryExists(providerLibrary(name, platform));
    const reason = bundled
      ? `${name}: bundled with onnxruntime-node; not checked yet.`
      : installed
        ? `${name}: its libraries are installed; not checked yet.`
        : `${name}: supported by this onnxruntime build but not installed; ${installHint(name)}.`;
    return { name, bundled, installed, usable: installed ? null : false, reason };
  });
}
