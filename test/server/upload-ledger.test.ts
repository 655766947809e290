/** The bookkeeping of uploads, without I/O: who holds each file, when it goes, and the byte counts. */
import { describe, expect, it } from 'vitest';
import { UploadGate } from '../../main/server/gradio/upload-gate.js';
import { UploadLedger } from '../../main/server/gradio/upload-ledger.js';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from '../../main/server/gradio/upload-limits.js';

const RETENTION = 1000;

function ledger(): { ledger: UploadLedger; advance: (ms: number) => void } {
  let now = 0;
  return { ledger: new UploadLedger(RETENTION, () => now), advance: (ms) => (now += ms) };
}

describe('UploadLedger', () => {
  it('keeps an upload no call used for the retention time, then lets it go', () => {
    const { ledger: l, advance } = ledger();
    l.stored('/u/a', 100, 'A');
    advance(RETENTION - 1);
    expect(l.expire()).toEqual([]);
    advance(1);
    expect(l.expire()).toEqual(['/u/a']);
    expect([l.storedBytes, l.clientBytes('A'), l.has('/u/a')]).toEqual([0, 0, false]);
  });

  it('ties a file to the session that used it: kept while its job runs, deleted when the session ends', () => {
    const { ledger: l, advance } = ledger();
    l.stored('/u/a', 100, 'A');
    expect(l.use(['/u/a'], 'S', 'A')).toBe(true);
    // The client's wait is over: the session holds it now, and the upload's retention no longer counts.
    advance(RETENTION * 5);
    expect(l.expire()).toEqual([]);
    // The session ends while its job still runs: the file stays until the job is over.
    expect(l.endSession('S')).toEqual([]);
    expect(l.has('/u/a')).toBe(true);
    expect(l.release(['/u/a'], 'S')).toEqual(['/u/a']);
  });

  it('lets a session idle for the retention time go, counting from its last job', () => {
    const { ledger: l, advance } = ledger();
    l.stored('/u/a', 100, 'A');
    l.use(['/u/a'], 'S', 'A');
    advance(RETENTION * 3);
    expect(l.release(['/u/a'], 'S')).toEqual([]);
    advance(RETENTION - 1);
    expect(l.expire()).toEqual([]);
    advance(1);
    expect(l.expire()).toEqual(['/u/a']);
  });

  it('never deletes a file a job pins, even when its wait expires', () => {
    const { ledger: l, advance } = ledger();
    l.stored('/u/a', 100, 'A');
    expect(l.use(['/u/a'], null, 'A')).toBe(true);
    advance(RETENTION * 2);
    expect(l.expire()).toEqual([]);
    // Nothing holds it once the job is over.
    expect(l.release(['/u/a'], null)).toEqual(['/u/a']);
  });

  it('restarts the wait of an upload an anonymous call used, so it can be used again for a while', () => {
    const { ledger: l, advance } = ledger();
    l.stored('/u/a', 100, 'A');
    advance(RETENTION / 2);
    l.use(['/u/a'], null, 'A');
    expect(l.release(['/u/a'], null)).toEqual([]);
    advance(RETENTION / 2 + 1);
    expect(l.expire()).toEqual([]);
    advance(RETENTION / 2);
    expect(l.expire()).toEqual(['/u/a']);
  });

  it('keeps content two clients uploaded while either still waits to use it, and counts it for both', () => {
    const { ledger: l } = ledger();
    l.stored('/u/same', 300, 'A');
    l.stored('/u/same', 300, 'B');
    l.stored('/u/same', 300, 'A');
    expect([l.storedBytes, l.clientBytes('A'), l.clientBytes('B'), l.count]).toEqual([300, 300, 300, 1]);
    l.use(['/u/same'], 'SA', 'A');
    l.release(['/u/same'], 'SA');
    // A's session ends; B has not used its upload yet.
    expect(l.endSession('SA')).toEqual([]);
    l.use(['/u/same'], 'SB', 'B');
    expect(l.release(['/u/same'], 'SB')).toEqual([]);
    expect(l.endSession('SB')).toEqual(['/u/same']);
    expect([l.storedBytes, l.clientBytes('A'), l.clientBytes('B')]).toEqual([0, 0, 0]);
  });

  it('refuses to pin a file that is gone, and pins nothing then', () => {
    const { ledger: l } = ledger();
    l.stored('/u/a', 1, 'A');
    expect(l.use(['/u/a', '/u/gone'], 'S', 'A')).toBe(false);
    expect(l.endSession('S')).toEqual([]);
    expect(l.has('/u/a')).toBe(true);
  });
});

describe('UploadGate', () => {
  const limits: UploadLimits = {
    ...DEFAULT_UPLOAD_LIMITS,
    maxConcurrentUploads: 3,
    maxConcurrentUploadsPerClient: 2,
    maxUploadBytes: 1000,
    maxUploadBytesPerClient: 600,
  };

  it('admits up to the per-client and per-server number of uploads at once, and again after one closes', () => {
    const gate = new UploadGate(new UploadLedger(RETENTION), limits);
    const a1 = gate.admit('A', null);
    gate.admit('A', null);
    expect(() => gate.admit('A', null)).toThrow(
      expect.objectContaining({ status: 429, message: expect.stringMatching(/from this client \(limit 2\)/) }),
    );
    gate.admit('B', null);
    expect(() => gate.admit('C', null)).toThrow(
      expect.objectContaining({ status: 429, message: expect.stringMatching(/on this server \(limit 3\)/) }),
    );
    a1.close();
    a1.close();
    expect(() => gate.admit('C', null)).not.toThrow();
  });

  it('counts arriving and stored bytes against the per-client and per-server disk limits (507)', () => {
    const l = new UploadLedger(RETENTION);
    const gate = new UploadGate(l, limits);
    const a = gate.admit('A', null);
    a.reserve(500);
    expect(() => a.reserve(101)).toThrow(
      expect.objectContaining({ status: 507, plainText: true, message: expect.stringMatching(/one client may use 600 bytes/) }),
    );
    // Stored now: the ledger counts it and the reservation is settled.
    l.stored('/u/a', 500, 'A');
    a.unreserve(500);
    a.close();
    expect(gate.clientUsedBytes('A')).toBe(500);
    const b = gate.admit('B', null);
    b.reserve(400);
    expect(() => b.reserve(101)).toThrow(
      expect.objectContaining({ status: 507, message: expect.stringMatching(/Upload storage is full.*1000 bytes/) }),
    );
    b.close();
    expect(gate.usedBytes).toBe(500);
  });

  it('refuses a declared body that cannot fit before reading it', () => {
    const gate = new UploadGate(new UploadLedger(RETENTION), limits);
    expect(() => gate.admit('A', 601)).toThrow(expect.objectContaining({ status: 507 }));
    // Refused requests hold no slot.
    gate.admit('A', 600);
    gate.admit('A', 10);
  });
});
