import ssh2 from 'ssh2';

/**
 * A new ed25519 key pair in OpenSSH form that ssh2 itself can read back. ssh2's
 * `generateKeyPairSync('ed25519')` strips leading zero bytes from the raw keys, so about 1 pair in
 * 140 has a 31-byte key that `parseKey` (and so every later start) rejects as "Malformed OpenSSH
 * private key" (mscdex/ssh2 issues 1390 and 1513, open). Such a pair is drawn again: the key on
 * disk must work for good, since clients pin the host key and servers list the app's key.
 */
export function generateEd25519KeyPair(comment?: string): { readonly private: string; readonly public: string } {
  for (;;) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', comment === undefined ? {} : { comment });
    if (!(ssh2.utils.parseKey(pair.private) instanceof Error) && !(ssh2.utils.parseKey(pair.public) instanceof Error)) return pair;
  }
}
