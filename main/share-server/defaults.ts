/** The share server's defaults (apart from share-server.ts so that the CLI's --help loads no ssh2). */
export const SHARE_SERVER_DEFAULTS = {
  host: '127.0.0.1',
  httpPort: 8080,
  sshPort: 2222,
  expiryMs: 72 * 3600_000,
  limits: { maxConnections: 64, requestsPerMinute: 600 },
} as const;
