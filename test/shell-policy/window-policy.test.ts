import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  originOf,
  withContentSecurityPolicy,
  type CspMode,
} from '../../main/shell-policy/content-security-policy.js';
import { decideWindowOpen, isAllowedNavigation } from '../../main/shell-policy/navigation.js';
import { secureWebPreferences } from '../../main/shell-policy/web-preferences.js';

const origin = 'http://127.0.0.1:53124';
const appServer = 'http://127.0.0.1:40000';
const modes = new Map<string, CspMode>([
  [origin, 'replace'],
  [appServer, 'ensure'],
]);

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the page and gives it no Node', () => {
    expect(secureWebPreferences('/app/dist/preload/index.cjs')).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });
});

describe('Content-Security-Policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split('; ').map((d) => {
      const [name = '', ...values] = d.split(' ');
      return [name, values];
    }),
  );

  it('allows scripts only from the app origin, nothing inline or eval', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
  });

  it('lets components load uploads and results from data: and blob: URLs, and talk only to the server', () => {
    expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(directives.get('media-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
  });

  it("replaces the server CSP on a project window's responses, whatever the header case", () => {
    const headers = { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] };
    expect(withContentSecurityPolicy(`${origin}/`, modes, headers)).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    expect(withContentSecurityPolicy(`${origin}/gradio_api/info`, modes, undefined)).toEqual({
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });

  it("keeps the app server's own policy (the editor frames its preview) and adds the strict one where it sent none", () => {
    const editorCsp = "default-src 'self'; frame-src http://127.0.0.1:40001; frame-ancestors 'none'";
    const sent = { 'Content-Security-Policy': [editorCsp] };
    expect(withContentSecurityPolicy(`${appServer}/editor`, modes, sent)).toEqual(sent);
    expect(withContentSecurityPolicy(`${appServer}/api/home/recent`, modes, { 'content-security-policy': [' '] })).toEqual({
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    expect(withContentSecurityPolicy(`${appServer}/x`, modes, {})).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('leaves other origins untouched and does not modify its input', () => {
    const headers = { 'Content-Type': ['text/html'] };
    expect(withContentSecurityPolicy('https://example.com/', modes, headers)).toEqual(headers);
    expect(withContentSecurityPolicy('http://127.0.0.1:9999/', modes, headers)).toEqual(headers);
    expect(withContentSecurityPolicy('file:///x.html', new Map([['null', 'replace']]), headers)).toEqual(headers);
    withContentSecurityPolicy(`${origin}/`, modes, headers);
    expect(headers).toEqual({ 'Content-Type': ['text/html'] });
  });

  it('originOf returns undefined for what is not a URL', () => {
    expect(originOf('not a url')).toBeUndefined();
    expect(originOf(`${origin}/a?b#c`)).toBe(origin);
  });
});

describe('navigation', () => {
  it('allows only the local server origin', () => {
    expect(isAllowedNavigation(`${origin}/`, origin)).toBe(true);
    expect(isAllowedNavigation(`${origin}/?__theme=dark#x`, origin)).toBe(true);
    for (const url of [
      'http://127.0.0.1:53125/',
      'http://localhost:53124/',
      'https://127.0.0.1:53124/',
      'https://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'about:blank',
      `${origin}@evil.example/`,
      '',
    ]) {
      expect(isAllowedNavigation(url, origin), url).toBe(false);
    }
  });

  it('blocks everything before a server is running', () => {
    expect(isAllowedNavigation(`${origin}/`, 'null')).toBe(false);
  });

  it('opens web links outside the app and drops every other scheme', () => {
    expect(decideWindowOpen('https://huggingface.co/Xenova/t5-small')).toEqual({
      action: 'open-external',
      url: 'https://huggingface.co/Xenova/t5-small',
    });
    expect(decideWindowOpen('mailto:someone@example.com')).toMatchObject({ action: 'open-external' });
    for (const url of ['file:///C:/Windows/system32/calc.exe', 'javascript:alert(1)', 'smb://host/share', 'ms-msdt:x', 'nonsense']) {
      expect(decideWindowOpen(url), url).toEqual({ action: 'deny' });
    }
  });

  it("does not open the app's own pages in the browser: they belong in app windows", () => {
    expect(decideWindowOpen(`${origin}/?view=api`, new Set([origin, appServer]))).toEqual({ action: 'deny' });
    expect(decideWindowOpen(`${appServer}/editor`, new Set([origin, appServer]))).toEqual({ action: 'deny' });
    expect(decideWindowOpen('https://example.com/', new Set([origin]))).toMatchObject({ action: 'open-external' });
  });

  it("keeps each window on its own origin, even away from another app window's", () => {
    expect(isAllowedNavigation(`${appServer}/editor`, appServer)).toBe(true);
    expect(isAllowedNavigation(`${origin}/`, appServer)).toBe(false);
    expect(isAllowedNavigation(`${appServer}/`, origin)).toBe(false);
  });
});
