import { defineConfig } from 'vite';

/**
 * Bundles the preload (preload/index.ts + api.ts + shared/ipc-contract.ts + zod) into one CommonJS
 * file, dist/preload/index.cjs: a sandboxed preload can require only `electron` and a few Node
 * shims, never another file of ours. `npm run build:shell` runs it.
 */
export default defineConfig({
  build: {
    outDir: 'dist/preload',
    emptyOutDir: false,
    target: 'chrome140',
    minify: false,
    sourcemap: true,
    lib: { entry: 'preload/index.ts', formats: ['cjs'], fileName: () => 'index.cjs' },
    rolldownOptions: { external: ['electron'] },
  },
});
