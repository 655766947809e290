import { HttpError } from '../http-error.js';

/**
 * The limits of POST /gradio_api/upload (startServer options) and the errors that report them.
 * Every error is plain text, as Gradio answers /upload (the clients show the body after "HTTP <status>:"),
 * and says the limit and what to do.
 */

export interface UploadLimits {
  /** Largest single file in bytes (Gradio's max_file_size); 413 above it. */
  readonly maxFileSize: number;
  /** Files in one upload request; 413 above it. */
  readonly maxFilesPerUpload: number;
  /** Upload requests being received at once, all clients together; 429 above it. */
  readonly maxConcurrentUploads: number;
  /** Upload requests being received at once from one client (network address); 429 above it. */
  readonly maxConcurrentUploadsPerClient: number;
  /** Disk all uploads together may use (kept files plus those arriving); 507 above it. */
  readonly maxUploadBytes: number;
  /** Disk one client's uploads may use, its sessions' files included; 507 above it. */
  readonly maxUploadBytesPerClient: number;
  /** How long an upload nothing uses is kept: after it arrived, or after its session's last job. */
  readonly uploadRetentionMs: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxFileSize: 100 * MiB,
  // Gradio's own multipart limit; @gradio/client sends up to 1,000 files per request.
  maxFilesPerUpload: 1000,
  maxConcurrentUploads: 32,
  maxConcurrentUploadsPerClient: 8,
  maxUploadBytes: 4 * GiB,
  maxUploadBytesPerClient: 1 * GiB,
  uploadRetentionMs: 10 * 60 * 1000,
};

/** "104857600 bytes (100 MiB)": exact for scripts, readable for people. */
export function describeBytes(bytes: number): string {
  const readable = bytes >= GiB ? `${(bytes / GiB).toFixed(1)} GiB` : bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : `${bytes} B`;
  return `${bytes} bytes (${readable.replace(/\.0 /, ' ')})`;
}

const minutes = (ms: number): string => `${Math.max(1, Math.round(ms / 60_000))} minute(s)`;

function plain(status: number, message: string, headers: Record<string, string> = {}): HttpError {
  return new HttpError(status, message, undefined, true, headers);
}

export function fileTooLarge(limits: UploadLimits): HttpError {
  // Gradio's wording, which clients and our tests look for.
  return plain(413, `Maximum file size exceeded: the limit is ${limits.maxFileSize} bytes. Upload a smaller file.`);
}

export function bodyTooLarge(limits: UploadLimits, declared: number): HttpError {
  return plain(
    413,
    `Maximum file size exceeded: the request declares ${describeBytes(declared)}, more than ${limits.maxFilesPerUpload} ` +
      `file(s) of at most ${describeBytes(limits.maxFileSize)} each can take. Upload smaller files, or fewer per request.`,
  );
}

export function tooManyFiles(limits: UploadLimits): HttpError {
  return plain(413, `Too many files in one upload: the limit is ${limits.maxFilesPerUpload}. Upload them in several requests.`);
}

export function serverBusy(limits: UploadLimits): HttpError {
  return plain(429, `Too many uploads at once on this server (limit ${limits.maxConcurrentUploads}). Try again in a few seconds.`, {
    'Retry-After': '2',
  });
}

export function clientBusy(limits: UploadLimits): HttpError {
  return plain(
    429,
    `Too many uploads at once from this client (limit ${limits.maxConcurrentUploadsPerClient}). ` +
      'Wait for your other uploads to finish, then try again.',
    { 'Retry-After': '2' },
  );
}

export function serverFull(limits: UploadLimits, used: number): HttpError {
  return plain(
    507,
    `Upload storage is full: uploads on this server may use ${describeBytes(limits.maxUploadBytes)} and ${describeBytes(used)} ` +
      `are taken. Try again later: uploads are deleted when their session ends or ${minutes(limits.uploadRetentionMs)} after their last use.`,
  );
}

export function clientFull(limits: UploadLimits, used: number): HttpError {
  return plain(
    507,
    `Your uploads use ${describeBytes(used)} of this server's disk, and one client may use ${describeBytes(limits.maxUploadBytesPerClient)}. ` +
      `Upload fewer or smaller files, or wait: uploads are deleted when their session ends or ${minutes(limits.uploadRetentionMs)} after their last use.`,
  );
}

export function diskFull(): HttpError {
  return plain(507, 'The server ran out of disk space while storing the upload. Free some space on the server, then try again.');
}
