import { describe, expect, it } from 'vitest';
import { isCancelled } from '../../preload/shared/errors.js';
import { runProbe, type DeviceProbe } from '../../main/gpu/device-probe.js';
import { device } from './support.js';

/** runProbe's guarantees: a deadline even for probes that ignore their signal, reasons not throws. */

describe('runProbe', () => {
  it('returns what the probe found', async () => {
    const probe: DeviceProbe = { name: 'fake', detect: () => Promise.resolve({ devices: [device({ id: 'cuda:0' })], reasons: [] }) };
    expect((await runProbe(probe)).devices).toHaveLength(1);
  });

  it('stops waiting for a probe that ignores its signal, and aborts that signal', async () => {
    let seen: AbortSignal | undefined;
    const probe: DeviceProbe = {
      name: 'stuck',
      detect: (signal) => {
        seen = signal;
        return new Promise(() => undefined);
      },
    };
    const started = Date.now();
    const result = await runProbe(probe, { timeoutMs: 100 });
    expect(Date.now() - started).toBeLessThan(5_000); // the probe never answers: ending at all is the point
    expect(result).toEqual({ devices: [], reasons: ['stuck: no answer within 100 ms.'] });
    expect(seen?.aborted).toBe(true);
  });

  it('turns an unexpected throw into a reason', async () => {
    const probe: DeviceProbe = { name: 'buggy', detect: () => Promise.reject(new TypeError('boom')) };
    expect(await runProbe(probe)).toEqual({ devices: [], reasons: ['buggy: failed unexpectedly (boom).'] });
  });

  it('rejects with CancelledError when the caller aborts (before or during)', async () => {
    const before = new AbortController();
    before.abort();
    const probe: DeviceProbe = { name: 'slow', detect: () => new Promise(() => undefined) };
    expect(isCancelled(await runProbe(probe, { signal: before.signal }).catch((error: unknown) => error))).toBe(true);

    const during = new AbortController();
    const pending = runProbe(probe, { signal: during.signal, timeoutMs: 5_000 });
    setTimeout(() => during.abort(), 20);
    expect(isCancelled(await pending.catch((error: unknown) => error))).toBe(true);
  });
});
