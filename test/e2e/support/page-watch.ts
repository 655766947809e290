import type { Page } from '@playwright/test';

/**
 * Collects what should never happen on a demo page: console errors, uncaught exceptions, failed
 * requests and Content-Security-Policy violations (reported by the page's own
 * `securitypolicyviolation` events, recorded by a script Playwright injects outside the CSP).
 */
export interface PageWatch {
  problems(): Promise<string[]>;
}

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

export async function watchPage(page: Page, allow: readonly RegExp[] = []): Promise<PageWatch> {
  const seen: string[] = [];
  const keep = (text: string): void => {
    if (!allow.some((pattern) => pattern.test(text))) seen.push(text);
  };
  page.on('console', (message) => {
    if (message.type() === 'error') keep(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => keep(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    // Aborted event streams (the page closing, a finished SSE) are normal.
    const failure = request.failure()?.errorText ?? '';
    if (!failure.includes('ERR_ABORTED')) keep(`request failed: ${request.url()} ${failure}`);
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations?.push(`${event.violatedDirective} blocked ${event.blockedURI || '(inline)'}`);
    });
  });
  return {
    problems: async () => {
      const csp = page.isClosed() ? [] : await page.evaluate(() => window.__cspViolations ?? []);
      return [...seen, ...csp.map((v) => `CSP violation: ${v}`)];
    },
  };
}
