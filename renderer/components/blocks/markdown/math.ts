/** Math for Markdown, loaded on first use (extras.ts): `$…$` inline and `$$…$$` display, typeset by KaTeX. */
import 'katex/dist/katex.min.css';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import type { Extra } from './extras.js';
import { remarkDollarGuard } from './remark-dollar-guard.js';

export const math: Extra = {
  remarkPlugins: [remarkMath, remarkDollarGuard],
  // KaTeX's defaults: `trust: false` (no \href, \url or \html* commands), errors shown in place.
  rehypePlugins: [rehypeKatex],
};
