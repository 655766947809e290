import type { HttpError } from '../http-error.js';
import type { UploadLedger } from './upload-ledger.js';
import { clientBusy, clientFull, serverBusy, serverFull, type UploadLimits } from './upload-limits.js';

/**
 * Admission of upload requests: how many are being received (per server and per client) and how
 * many bytes are arriving, on top of what the ledger says is stored. A request holds one slot
 * while it is received; each chunk reserves its bytes before it is written, so no limit is ever
 * passed by more than one chunk in flight.
 */

export class UploadGate {
  private active = 0;
  private readonly activeByClient = new Map<string, number>();
  private arriving = 0;
  private readonly arrivingByClient = new Map<string, number>();

  constructor(
    private readonly ledger: UploadLedger,
    private readonly limits: UploadLimits,
  ) {}

  /** Bytes stored and arriving, all clients together. */
  get usedBytes(): number {
    return this.ledger.storedBytes + this.arriving;
  }

  clientUsedBytes(client: string): number {
    return this.ledger.clientBytes(client) + (this.arrivingByClient.get(client) ?? 0);
  }

  /** A slot for one upload request, or the 429 that refuses it. `declared`: the body's Content-Length, if known. */
  admit(client: string, declared: number | null, visitor: string | null = null): UploadSlot {
    if (this.active >= this.limits.maxConcurrentUploads) throw serverBusy(this.limits);
    if ((this.activeByClient.get(client) ?? 0) >= this.limits.maxConcurrentUploadsPerClient) throw clientBusy(this.limits);
    // A body that cannot fit is refused before a byte of it is read.
    if (declared !== null) {
      const refusal = this.refusal(client, declared);
      if (refusal) throw refusal;
    }
    this.active++;
    bump(this.activeByClient, client, 1);
    return new UploadSlot(this, client, visitor);
  }

  /** @internal UploadSlot's accounting. */
  move(client: string, bytes: number): void {
    this.arriving += bytes;
    bump(this.arrivingByClient, client, bytes);
  }

  /** @internal */
  leave(client: string): void {
    this.active--;
    bump(this.activeByClient, client, -1);
  }

  /** The 507 that `bytes` more from `client` would earn, or null when they fit. */
  refusal(client: string, bytes: number): HttpError | null {
    if (this.usedBytes + bytes > this.limits.maxUploadBytes) return serverFull(this.limits, this.usedBytes);
    const used = this.clientUsedBytes(client);
    if (used + bytes > this.limits.maxUploadBytesPerClient) return clientFull(this.limits, used);
    return null;
  }
}

export class UploadSlot {
  private reserved = 0;
  private open = true;

  constructor(
    private readonly gate: UploadGate,
    readonly client: string,
    /** The share-link visitor sending it (null for local callers): the files' owner for calls. */
    readonly visitor: string | null = null,
  ) {}

  /** Reserves room for `bytes` more of this request; throws the 507 when they do not fit. */
  reserve(bytes: number): void {
    const refusal = this.gate.refusal(this.client, bytes);
    if (refusal) throw refusal;
    this.reserved += bytes;
    this.gate.move(this.client, bytes);
  }

  /** `bytes` of the reservation are settled: stored (the ledger counts them now) or discarded. */
  unreserve(bytes: number): void {
    const amount = Math.min(bytes, this.reserved);
    this.reserved -= amount;
    this.gate.move(this.client, -amount);
  }

  /** The request is over: what it still reserves is given back, and so is its slot. Idempotent. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    this.unreserve(this.reserved);
    this.gate.leave(this.client);
  }
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
