import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Builds the web runner (renderer/) into dist/renderer/, which the demo server serves at `/`.
 * Relative asset URLs let the same build work at any mount path (a share tunnel, a sub-path).
 * No inline scripts or styles: the server's CSP allows only 'self'. JSX uses Vite's built-in
 * Oxc transform with React's automatic runtime (no plugin).
 *
 * Dev: `DEMO_SERVER=http://127.0.0.1:7860 npx vite` proxies /config and /gradio_api to a server.
 */
const backend = process.env.DEMO_SERVER;

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  publicDir: false,
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'react' },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    host: '127.0.0.1',
    ...(backend
      ? {
          proxy: {
            '/config': backend,
            '/gradio_api': { target: backend, ws: false },
          },
        }
      : {}),
  },
});
