import type { Options } from 'react-markdown';

/**
 * The costly parts of Markdown load on first use, each in its own chunk: math (remark-math +
 * KaTeX, its CSS and fonts) and code highlighting (highlight.js's common languages + a theme).
 * Text without `$` or without a fenced code block that names its language never loads them;
 * until a part has loaded, the text shows without it and then renders again.
 */

export type PluginList = NonNullable<Options['remarkPlugins']>;

export interface Extra {
  readonly remarkPlugins: PluginList;
  readonly rehypePlugins: PluginList;
}

export type ExtraName = 'math' | 'highlight';

const LOADERS: Readonly<Record<ExtraName, () => Promise<Extra>>> = {
  math: () => import('./math.js').then((m) => m.math),
  highlight: () => import('./highlight.js').then((m) => m.highlight),
};

const loaded = new Map<ExtraName, Extra>();
const started = new Set<ExtraName>();
const listeners = new Set<() => void>();
let version = 0;

/** The part when it has loaded. */
export function loadedExtra(name: ExtraName): Extra | undefined {
  return loaded.get(name);
}

/**
 * Starts loading `name` once. A chunk that fails to load (the server went away) is not retried:
 * the text stays readable without it.
 */
export function loadExtra(name: ExtraName): void {
  if (started.has(name)) return;
  started.add(name);
  LOADERS[name]().then(
    (extra) => {
      loaded.set(name, extra);
      version++;
      for (const listener of listeners) listener();
    },
    (error: unknown) => console.warn(`Markdown ${name} support could not be loaded; the text is shown without it.`, error),
  );
}

/** For useSyncExternalStore: a number that changes whenever a part has loaded. */
export function extrasVersion(): number {
  return version;
}

export function subscribeExtras(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
