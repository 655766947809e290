import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * A self-signed certificate for the share server's HTTPS, made with the `openssl` CLI (.ci/run
 * installs it): valid for share.test, *.share.test and 127.0.0.1, so that a client that trusts
 * this one certificate (--share-ca, NODE_EXTRA_CA_CERTS) checks it as it would a real one.
 */
export async function makeSelfSignedCert(dir: string): Promise<{ cert: string; key: string }> {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=share.test',
    '-addext',
    'subjectAltName=DNS:share.test,DNS:*.share.test,IP:127.0.0.1',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  return { cert, key };
}
