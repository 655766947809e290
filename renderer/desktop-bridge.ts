import type { AppApi } from '../preload/shared/app-api.js';

/**
 * The one module of the renderer that touches the Electron bridge (`window.app`, set by the
 * preload). Everything else asks here: `desktopBridge()` is undefined in a browser (app-mode
 * window, default browser), where pages fall back to their HTTP API. The check is on the shape,
 * since a browser also names elements by id on window (`<div id="app">` is `window.app`).
 */
export function desktopBridge(): AppApi | undefined {
  const candidate = (globalThis as { app?: unknown }).app;
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  return typeof (candidate as { getInfo?: unknown }).getInfo === 'function' ? (candidate as AppApi) : undefined;
}
