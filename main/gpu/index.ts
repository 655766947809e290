/**
 * GPU detection and device choice for the inference scheduler.
 *
 * Detection (`detectDevices`) runs the probes for the platform in parallel, each behind
 * `DeviceProbe` with a deadline and the caller's AbortSignal:
 *   linux  → nvidia-smi, rocm-smi      win32 → nvidia-smi, Win32_VideoController (PowerShell/CIM)
 *   darwin → sysctl + system_profiler  other → nvidia-smi
 * Tools run through an injectable `CommandRunner` (default: execFile, no shell, SIGKILL on
 * timeout). A missing tool, a timeout or unreadable output yields no devices and a line in
 * `reasons`; only cancellation rejects (CancelledError). It also lists onnxruntime-node's execution
 * providers (`listSupportedBackends()`): "supported" only means compiled in; `installed` adds that
 * the provider's libraries are present (cuda/tensorrt are downloaded separately), and `usable` is
 * known only after the optional active check (`activeCheck`), which runs a tiny session with that
 * provider in a child process so a native crash or hang costs a status, never the caller.
 *
 * Decision policy (`chooseDevice(preference, report, modelNeeds?)`):
 * - `cpu`: the CPU, always.
 * - `auto`: the first GPU provider that qualifies, in this order, else the CPU:
 *     1. cuda   - usable (active check passed) and nvidia-smi lists an NVIDIA GPU; the device is
 *                 the one with the most free memory (`cuda:<nvidia-smi index>`: run CUDA workers
 *                 with CUDA_DEVICE_ORDER=PCI_BUS_ID so the index means the same GPU);
 *     2. webgpu - usable (bundled with onnxruntime-node 1.30; needs Vulkan, Metal or D3D12);
 *     3. dml, 4. coreml - usable (Windows, macOS builds).
 *   A provider that was never checked (`usable: null`) does not qualify: supported is not usable.
 *   A provider is also skipped when `modelNeeds.providers` excludes it, or when
 *   `modelNeeds.memoryBytes` exceeds the free (else total) memory of every GPU whose memory is
 *   known. The choice always carries a human-readable `reason`; a CPU fallback lists why each GPU
 *   provider was passed over.
 * - `gpu`: as `auto` without the CPU fallback: throws AppError('UNSUPPORTED') naming the reasons
 *   and what to install (the CUDA provider and an NVIDIA driver, or a Vulkan/Metal/D3D12 driver).
 *
 * Admission (`GpuMemoryGate`): how many requests fit at once given a free-memory reading and a
 * measured per-request estimate, with a reserve and a safety factor; pure, invariants in its file.
 *
 * Admission policy (`GpuMemoryMonitor` + `MemoryLearner`, wired by main/engine/gpu-admission.ts):
 * a GPU-bound event (its function uses a model loaded on `cuda`/`cuda:<n>`, or on `webgpu` when
 * nvidia-smi lists exactly one NVIDIA GPU) starts another concurrent run only while the gate says
 * one more fits: the estimate is that event's measured peak per run ((used − idle baseline) / runs
 * in flight, learned when the device goes idle again), the free memory a reading taken during the
 * current busy period, less the estimates of runs too recent to show in it. nvidia-smi is polled
 * only while GPU-bound runs are in flight (plus one idle reading after), on unref'd timers. The
 * scheduler always starts one run of an idle group, so a request too big to fit alone still runs.
 * Unmeasured events, CPU events and devices nvidia-smi does not list are not limited.
 */

export { createExecFileRunner } from './command-runner.js';
export type { CommandOptions, CommandOutcome, CommandRunner, ExecFileRunnerOptions } from './command-runner.js';
export { deviceReport, detectedDevice, deviceVendor, providerName, providerStatus } from './device-report.js';
export type { DetectedDevice, DeviceReport, DeviceVendor, ProbeResult, ProviderName, ProviderStatus } from './device-report.js';
export { DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_PROBE_TIMEOUT_MS, runProbe } from './device-probe.js';
export type { DeviceProbe, ToolProbeOptions } from './device-probe.js';
export { createNvidiaSmiProbe, parseNvidiaSmi } from './nvidia-smi.js';
export { createRocmSmiProbe, parseRocmSmi } from './rocm-smi.js';
export { createAppleProbe, parseAppleDisplays } from './apple.js';
export { createWindowsVideoProbe, parseWindowsVideoControllers } from './windows-video.js';
export { listOrtBackends, passiveProviderStatuses, installHint } from './ort-backends.js';
export type { ListSupportedBackends, SupportedBackend } from './ort-backends.js';
export { checkProvider, tinyModelPath } from './check-provider.js';
export type { CheckProviderOptions, ProviderCheck } from './check-provider.js';
export { defaultProbes, detectDevices } from './detect-devices.js';
export type { DetectDevicesOptions } from './detect-devices.js';
export { chooseDevice, GPU_PROVIDER_ORDER } from './choose-device.js';
export type { DeviceChoice, DevicePreference, ModelNeeds } from './choose-device.js';
export { GpuMemoryGate } from './gpu-memory-gate.js';
export type { GpuMemoryGateOptions } from './gpu-memory-gate.js';
export { GpuMemoryMonitor } from './gpu-memory-monitor.js';
export type { GpuMemoryMonitorOptions } from './gpu-memory-monitor.js';
export { MemoryLearner } from './memory-learner.js';
