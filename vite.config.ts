import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * Builds the web runner (renderer/) into dist/renderer/, which the demo server serves at `/`, and
 * the visual editor (renderer/editor.html → renderer/editor/) as a second page beside it, and the
 * desk's home screen (renderer/home.html → renderer/home/) as a third, and the owner's metrics
 * dashboard (renderer/dashboard.html → renderer/dashboard/) as a fourth. Each page
 * is its own entry: code both use lands in shared chunks, and the editor's code (and the zod it
 * validates with) never enters the runner's entry.
 * Relative asset URLs let the same build work at any mount path (a share tunnel, a sub-path).
 * No inline scripts or styles: the server's CSP allows only 'self'. JSX uses Vite's built-in
 * Oxc transform with React's automatic runtime (no plugin).
 *
 * Dev: `DEMO_SERVER=http://127.0.0.1:7860 npx vite` proxies /config and /gradio_api to a server.
 */
const backend = process.env.DEMO_SERVER;

const page = (file: string): string => fileURLToPath(new URL(`./renderer/${file}`, import.meta.url));

/**
 * KaTeX's CSS offers each of its 20 fonts as woff2, woff and ttf; every browser the runner targets
 * (Chromium, Electron, current Firefox and Safari) takes woff2, so only those are bundled (about
 * 300 kB instead of 1.1 MB). Runs before Vite's CSS plugin resolves the url()s.
 */
function katexWoff2Only(): Plugin {
  return {
    name: 'katex-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/katex\/dist\/katex(\.min)?\.css$/.test(id)) return null;
      return code.replace(/,\s*url\([^)]+\.(?:woff|ttf)\)\s*format\("(?:woff|truetype)"\)/g, '');
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  publicDir: false,
  plugins: [katexWoff2Only()],
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
    rolldownOptions: {
      input: { index: page('index.html'), editor: page('editor.html'), home: page('home.html'), dashboard: page('dashboard.html') },
    },
  },
  server: {
    host: '127.0.0.1',
    ...(backend
      ? {
          proxy: {
            '/config': backend,
            '/gradio_api': { target: backend, ws: false },
            '/api/editor': backend,
            '/api/home': backend,
            '/api/metrics': backend,
          },
        }
      : {}),
  },
});
