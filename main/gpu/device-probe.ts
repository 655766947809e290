import { CancelledError, isCancelled } from '../../preload/shared/errors.js';
import type { CommandRunner } from './command-runner.js';
import type { ProbeResult } from './device-report.js';

/**
 * One way of finding GPUs (a vendor tool, an OS query). A probe reports "nothing here, because ..."
 * as a value: a missing tool, a timeout or unreadable output never throws. Only cancellation does.
 */
export interface DeviceProbe {
  readonly name: string;
  detect(signal: AbortSignal): Promise<ProbeResult>;
}

/** How long one tool may run before it is killed. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 4_000;
/** How long runProbe waits for a whole probe (a probe may run more than one command). */
export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

/** Empty result with one reason. */
export function nothing(reason: string): ProbeResult {
  return { devices: [], reasons: [reason] };
}

/** What every command-line probe takes. */
export interface ToolProbeOptions {
  readonly runner: CommandRunner;
  /** Passed to the runner: the tool is killed after this long. */
  readonly timeoutMs?: number;
  /** The executable, for a non-standard install location. */
  readonly command?: string;
}

/**
 * A probe that runs one tool (`options.command`, else `defaultCommand`) and parses its stdout; a
 * tool that is missing, times out or fails becomes the reason.
 */
export function toolProbe(
  name: string,
  defaultCommand: string,
  args: readonly string[],
  parse: (stdout: string) => ProbeResult,
  options: ToolProbeOptions,
  defaultTimeoutMs = DEFAULT_COMMAND_TIMEOUT_MS,
): DeviceProbe {
  return {
    name,
    async detect(signal) {
      const outcome = await options.runner.run(options.command ?? defaultCommand, args, {
        timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
        signal,
      });
      if (outcome.kind !== 'ok') return nothing(`${name}: ${outcome.message}`);
      return parse(outcome.stdout);
    },
  };
}

/**
 * Runs a probe with a deadline. The deadline aborts the probe's signal (so its child process is
 * killed) and, should a probe ignore its signal, stops waiting for it anyway: detection never hangs.
 * A caller's abort rejects with CancelledError; every other failure becomes a reason.
 */
export async function runProbe(
  probe: DeviceProbe,
  options: { readonly timeoutMs?: number; readonly signal?: AbortSignal | undefined } = {},
): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  if (options.signal?.aborted) throw new CancelledError();
  const deadline = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  let timer: NodeJS.Timeout | undefined;
  let onCallerAbort: (() => void) | undefined;
  const stop = new Promise<ProbeResult>((resolve, reject) => {
    timer = setTimeout(() => {
      deadline.abort();
      resolve(nothing(`${probe.name}: no answer within ${timeoutMs} ms.`));
    }, timeoutMs);
    onCallerAbort = () => reject(new CancelledError());
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  });
  try {
    return await Promise.race([probe.detect(signal), stop]);
  } catch (error) {
    if (options.signal?.aborted) throw new CancelledError();
    if (isCancelled(error) && deadline.signal.aborted) return nothing(`${probe.name}: no answer within ${timeoutMs} ms.`);
    const message = error instanceof Error ? error.message : String(error);
    return nothing(`${probe.name}: failed unexpectedly (${message}).`);
  } finally {
    clearTimeout(timer);
    if (onCallerAbort) options.signal?.removeEventListener('abort', onCallerAbort);
  }
}
