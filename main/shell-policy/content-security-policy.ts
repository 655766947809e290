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
 * Response headers with our CSP for responses from `origin` (the local server); any CSP the server
 * sent is replaced, whatever its header-name case. Other origins' responses are returned unchanged.
 */
export function withContentSecurityPolicy(url: string, origin: string, headers: Readonly<Headers> | undefined): Headers {
  const out: Headers = { ...headers };
  if (originOf(url) !== origin) return out;
  for (const name of Object.keys(out)) {
    if (name.toLowerCase() === 'content-security-policy') Reflect.deleteProperty(out, name);
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}

/** `scheme://host:port` of a URL, or undefined when it does not parse. */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
