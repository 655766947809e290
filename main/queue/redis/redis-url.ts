import type { RedisOptions } from 'ioredis';
import { z } from 'zod';
import { AppError } from '../../../preload/shared/errors.js';

/**
 * `--queue` URLs: `redis://[[user]:password@]host[:port][/db][?namespace=name]` and the same with
 * `rediss://` for TLS, which also takes `tls_ca=<PEM file>`, `tls_servername=<name>` and
 * `tls_insecure=1` (no certificate check: a test setup only). The password is percent-decoded and
 * never appears in an error message. Every key of the queue starts with
 * `demo-desktop{<namespace>}:`, so several projects can share one Redis (one namespace each) and
 * a Redis Cluster keeps one queue on one node (the braces are its hash tag).
 */

export interface RedisQueueTarget {
  /** The URL with its password masked: for logs and messages. */
  readonly display: string;
  readonly options: RedisOptions;
  /** The key prefix (see above). */
  readonly prefix: string;
  /** A PEM file of trusted CAs to read before connecting (rediss only). */
  readonly tlsCaFile?: string;
}

const flag = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const QuerySchema = z
  .object({
    namespace: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'namespace must be 1 to 64 letters, digits, ".", "_" or "-"')
      .optional(),
    tls_ca: z.string().min(1, 'tls_ca needs a file path').optional(),
    tls_servername: z.string().min(1).optional(),
    tls_insecure: flag.optional(),
  })
  .strict();

const UrlPartsSchema = z.object({
  protocol: z.enum(['redis:', 'rediss:'], { error: 'the scheme must be redis:// or rediss:// (TLS)' }),
  hostname: z.string().min(1, 'the URL names no host (redis://host:6379/0)'),
  port: z
    .string()
    .regex(/^\d*$/)
    .transform((p) => (p === '' ? 6379 : Number(p))),
  pathname: z
    .string()
    .regex(/^\/?$|^\/\d{1,9}$/, 'the path must be a database number (/0, /1, ...)')
    .transform((p) => (p.length > 1 ? Number(p.slice(1)) : 0)),
});

/** Any scheme's `user:password@` masked: a URL given with the wrong scheme still carries its password. */
function masked(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}

function invalid(display: string, problem: string): AppError {
  return new AppError(
    'INVALID_INPUT',
    `--queue "${display}": ${problem}. Expected redis://[[user]:password@]host[:port][/db][?namespace=name] or rediss://… for TLS (tls_ca, tls_servername, tls_insecure).`,
  );
}

export function parseRedisUrl(text: string): RedisQueueTarget {
  const display = masked(text);
  // The URL parser rejects a port past 65535 without saying why: say it here.
  const port = /^rediss?:\/\/(?:[^@/]*@)?(?:\[[^\]]*\]|[^:/?#]*):(\d+)/i.exec(text)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) throw invalid(display, `the port must be 1 to 65535, not ${port}`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(display, 'this is not a URL');
  }
  const parts = UrlPartsSchema.safeParse(url);
  if (!parts.success) throw invalid(display, parts.error.issues.map((issue) => issue.message).join('; '));
  const query = QuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) {
    const problems = query.error.issues.map((issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown option ${issue.keys.join(', ')} (known: namespace, tls_ca, tls_servername, tls_insecure)`
        : issue.message,
    );
    throw invalid(display, problems.join('; '));
  }
  const { namespace = 'default', tls_ca, tls_servername, tls_insecure } = query.data;
  const tls = parts.data.protocol === 'rediss:';
  if (!tls && (tls_ca !== undefined || tls_servername !== undefined || tls_insecure !== undefined)) {
    throw invalid(display, 'tls_ca, tls_servername and tls_insecure need rediss:// (TLS)');
  }
  const options: RedisOptions = {
    host: parts.data.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parts.data.port,
    db: parts.data.pathname,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(tls ? { tls: { servername: tls_servername ?? parts.data.hostname, rejectUnauthorized: tls_insecure !== true } } : {}),
  };
  return { display, options, prefix: `demo-desktop{${namespace}}:`, ...(tls_ca ? { tlsCaFile: tls_ca } : {}) };
}
