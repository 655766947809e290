/**
 * Code highlighting for Markdown, loaded on first use (extras.ts): highlight.js's common languages
 * for fenced blocks that name one (no guessing: a block without a language stays plain), coloured by
 * highlight.css in the page's light or dark theme.
 */
import rehypeHighlight from 'rehype-highlight';
import type { Extra } from './extras.js';
import './highlight.css';

export const highlight: Extra = {
  remarkPlugins: [],
  // An unknown language leaves its block plain (rehype-highlight notes it on the file, no error).
  rehypePlugins: [[rehypeHighlight, { detect: false }]],
};
