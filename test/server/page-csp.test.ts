import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/server/static-files.js';

/** The demo page's CSP (served with every page): what media input needs, and nothing from elsewhere. */
describe('page Content-Security-Policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );

  it('shows local previews: pasted and captured images and recordings are blob: URLs', () => {
    expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(directives.get('media-src')).toEqual(["'self'", 'blob:']);
  });

  it('loads scripts and connects only to the server itself', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.has('script-src')).toBe(false); // falls back to default-src 'self'
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/\*|https?:|unsafe-eval|wasm-unsafe-eval|mediastream:/);
  });

  it("loads Markdown's math fonts (KaTeX's woff2 files, bundled by Vite under assets/) from the server itself", () => {
    // No font-src: fonts fall back to default-src 'self'. Vite never inlines them as data: URLs
    // (assetsInlineLimit 0), which this policy would refuse.
    expect(directives.get('font-src') ?? directives.get('default-src')).toEqual(["'self'"]);
  });
});
