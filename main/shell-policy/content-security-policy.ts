/**
 * The Content-Security-Policy of the app window. Everything comes from the local server's own
 * origin ('self'): scripts, styles, API calls (Gradio's SSE included) and files. Images, audio and
 * video may also be data: or blob: URLs, which components create for uploads and results.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // Components set style attributes (widths, progress bars); CSS cannot run script, so inline
  // styles are allowed while inline scripts are not.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

type Headers = Record<string, string | string[]>;

/**
 * How the shell treats the CSP of one of its origins:
 *  - `replace`: a project's demo server. Whatever it sent is replaced by the policy above, so even
 *    a project page gets exactly this window's rules.
 *  - `ensure`: the app server (home screen, editor). Its pages send their own strict policy, which
 *    names what the shell cannot know (the editor frames its live preview's origin); it is kept,
 *    and a response that has none gets the policy above.
 * Origins that are not the app's are left alone (the window never shows them: navigation.ts).
 */
export type CspMode = 'replace' | 'ensure';

/** Response headers of `url` with the CSP its origin's mode asks for; never modifies its input. */
export function withContentSecurityPolicy(
  url: string,
  modes: ReadonlyMap<string, CspMode>,
  headers: Readonly<Headers> | undefined,
): Headers {
  const out: Headers = { ...headers };
  const origin = originOf(url);
  const mode = origin === undefined || origin === 'null' ? undefined : modes.get(origin);
  if (mode === undefined) return out;
  const names = Object.keys(out).filter((name) => name.toLowerCase() === 'content-security-policy');
  if (mode === 'ensure' && names.some((name) => hasValue(out[name]))) return out;
  for (const name of names) Reflect.deleteProperty(out, name);
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}

function hasValue(value: string | string[] | undefined): boolean {
  return Array.isArray(value) ? value.some((v) => v.trim() !== '') : value !== undefined && value.trim() !== '';
}

/** `scheme://host:port` of a URL, or undefined when it does not parse. */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
