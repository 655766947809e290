import type { ReactNode } from 'react';
import type { Components, ExtraProps } from 'react-markdown';
import { CopyButton } from '../shared/CopyButton.js';
import { imageTarget, opensNewTab } from './markdown.js';

/** A hast node, as far as its text goes (the code block's copy button copies that). */
interface HastNode {
  readonly type: string;
  readonly value?: string;
  readonly children?: readonly HastNode[];
}

function textOf(node: HastNode | undefined): string {
  if (!node) return '';
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(textOf).join('');
}

const cache = new Map<string, Components>();

/**
 * How Markdown elements are drawn: links open safely in a new tab (a refused URL leaves only the
 * text), images follow imageTarget, tables scroll inside their own box, code blocks get a copy
 * button. `pageUrl` is where relative image URLs point (document.baseURI in the page). One set per
 * page URL: new component functions on every render would remount every link and code block on
 * each streamed token.
 */
export function markdownComponents(pageUrl: string): Components {
  let components = cache.get(pageUrl);
  if (!components) {
    components = buildComponents(pageUrl);
    cache.set(pageUrl, components);
  }
  return components;
}

function buildComponents(pageUrl: string): Components {
  return {
    a: ({ href, children }) => {
      if (!href) return <>{children}</>;
      return opensNewTab(href) ? (
        <a href={href} target="_blank" rel="noopener noreferrer">
          {children}
        </a>
      ) : (
        <a href={href}>{children}</a>
      );
    },
    img: ({ src, alt }) => {
      const target = imageTarget(typeof src === 'string' ? src : undefined, pageUrl);
      switch (target.kind) {
        case 'image':
          return <img src={target.src} alt={alt ?? ''} loading="lazy" />;
        case 'link':
          return (
            <a href={target.href} target="_blank" rel="noopener noreferrer" className="md-image-link">
              {alt !== undefined && alt !== '' ? alt : target.href}
            </a>
          );
        case 'none':
          return alt ? <span>{alt}</span> : null;
      }
    },
    table: ({ children }) => (
      <div className="md-table">
        <table>{children}</table>
      </div>
    ),
    pre: CodeBlock,
  };
}

function CodeBlock({ children, node }: { readonly children?: ReactNode } & ExtraProps): ReactNode {
  return (
    <div className="md-code-block">
      <pre className="md-code">{children}</pre>
      <CopyButton text={textOf(node).replace(/\n$/, '')} label="Copy code" />
    </div>
  );
}
