import { memo, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import Markdown from 'react-markdown';
import { extrasVersion, loadedExtra, loadExtra, subscribeExtras } from './extras.js';
import { needsHighlight, needsMath } from './markdown.js';
import { markdownOptions } from './markdown-options.js';

/**
 * Renders Markdown text as React elements (never as HTML): GFM, math and highlighted code, with the
 * safety rules of markdown.ts. Math and highlighting load the first time some text needs them.
 * Memoized: a streaming chat re-renders every message on each token, and only the one that changed
 * needs parsing again.
 */
export const MarkdownView = memo(function MarkdownView({
  source,
  className,
}: {
  readonly source: string;
  readonly className?: string;
}): ReactNode {
  const math = needsMath(source);
  const highlight = needsHighlight(source);
  useEffect(() => {
    if (math) loadExtra('math');
    if (highlight) loadExtra('highlight');
  }, [math, highlight]);
  // Renders again when a part has loaded (the store's version changes), picking it up below.
  useSyncExternalStore(subscribeExtras, extrasVersion);
  const extras = [math ? loadedExtra('math') : undefined, highlight ? loadedExtra('highlight') : undefined];
  const options = markdownOptions(document.baseURI, extras);
  return (
    <div className={className ? `md ${className}` : 'md'}>
      <Markdown {...options}>{source}</Markdown>
    </div>
  );
});
