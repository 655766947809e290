import type { Options } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { Extra, PluginList } from './extras.js';
import { markdownComponents } from './markdown-components.js';
import { safeUrl } from './markdown.js';
import { remarkHtmlAsText } from './remark-html-as-text.js';

/**
 * react-markdown's options: GitHub-flavoured Markdown (tables, strikethrough, task lists,
 * autolinks, footnotes), raw HTML shown as text, safe URLs only, plus the extras that have loaded
 * (math, highlighting). `skipHtml` stays on as a second lock: no HTML node ever reaches React.
 */
export function markdownOptions(pageUrl: string, extras: readonly (Extra | undefined)[] = []): Omit<Options, 'children'> {
  const present = extras.filter((e): e is Extra => e !== undefined);
  const remarkPlugins: PluginList = [remarkGfm, remarkHtmlAsText, ...present.flatMap((e) => e.remarkPlugins)];
  const rehypePlugins: PluginList = present.flatMap((e) => e.rehypePlugins);
  return { remarkPlugins, rehypePlugins, components: markdownComponents(pageUrl), urlTransform: safeUrl, skipHtml: true };
}
