import ssh2, { type AuthContext } from 'ssh2';
import type { Logger } from '../common/logger.js';
import { fingerprintOf, isClientAllowed, type ClientPolicy } from './client-keys.js';

/**
 * Public-key sign-in only: the key is the client's identity (it owns the client's names). A key
 * that the policy does not allow is refused as soon as the client offers it; an allowed key must
 * then prove possession with a valid signature. Resolves with the key's fingerprint once signed in.
 */
export async function authenticate(ctx: AuthContext, policy: ClientPolicy, logger: Logger): Promise<string | undefined> {
  if (ctx.method !== 'publickey') {
    ctx.reject(['publickey']);
    return undefined;
  }
  const fingerprint = fingerprintOf(ctx.key.data);
  if (!(await isClientAllowed(policy, ctx.username, ctx.key.data))) {
    logger.warn('sign-in refused: key not allowed', {
      fingerprint,
      why: policy.kind === 'token' ? 'the user name is not the token' : `the key is not in ${policy.file}`,
    });
    ctx.reject(['publickey']);
    return undefined;
  }
  if (!ctx.signature || !ctx.blob) {
    ctx.accept(); // the client only asks whether this key would do; it signs next
    return undefined;
  }
  const key = ssh2.utils.parseKey(ctx.key.data);
  // ssh2 can answer an Error (truthy) for a key it cannot check: only a literal true signs in.
  const verified: unknown = key instanceof Error ? false : key.verify(ctx.blob, ctx.signature, ctx.hashAlgo);
  if (verified !== true) {
    logger.warn('sign-in refused: bad signature', { fingerprint });
    ctx.reject(['publickey']);
    return undefined;
  }
  ctx.accept();
  return fingerprint;
}
