import { APP_TOKEN_HEADER } from '../server/gradio/context.js';
import { originOf } from './content-security-policy.js';

/**
 * The desktop window proves it is the app's own window by sending a per-run secret header to the
 * local server; the server runs its jobs before API callers and share-link visitors. The header
 * goes only to the current server origin, never to any other site.
 */
export { APP_TOKEN_HEADER };

export function withAppToken(
  url: string,
  origin: string,
  token: string | undefined,
  headers: Readonly<Record<string, string>>,
): Record<string, string> {
  const out = { ...headers };
  for (const name of Object.keys(out)) if (name.toLowerCase() === APP_TOKEN_HEADER) Reflect.deleteProperty(out, name);
  if (token && originOf(url) === origin) out[APP_TOKEN_HEADER] = token;
  return out;
}
