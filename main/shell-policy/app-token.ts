import { APP_TOKEN_HEADER } from '../server/gradio/context.js';
import { originOf } from './content-security-policy.js';

/**
 * The desktop window proves it is the app's own window by sending a per-run secret header to the
 * local servers (the app server, the projects' demo servers); they run its jobs before API callers
 * and share-link visitors, and the app server takes it as the editor's sign-in. The header goes only
 * to the origins of the app's own windows, never to any other site.
 */
export { APP_TOKEN_HEADER };

export function withAppToken(
  url: string,
  appOrigins: ReadonlySet<string>,
  token: string | undefined,
  headers: Readonly<Record<string, string>>,
): Record<string, string> {
  const out = { ...headers };
  for (const name of Object.keys(out)) if (name.toLowerCase() === APP_TOKEN_HEADER) Reflect.deleteProperty(out, name);
  const origin = originOf(url);
  if (token && origin !== undefined && origin !== 'null' && appOrigins.has(origin)) out[APP_TOKEN_HEADER] = token;
  return out;
}
