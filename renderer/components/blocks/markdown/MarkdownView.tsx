import { Fragment, type ReactNode } from 'react';
import { parseMarkdown, type Inline, type MdBlock } from './markdown.js';

function inlines(nodes: readonly Inline[]): ReactNode[] {
  return nodes.map((node, i) => {
    switch (node.kind) {
      case 'text':
        return <Fragment key={i}>{node.text}</Fragment>;
      case 'code':
        return <code key={i}>{node.text}</code>;
      case 'strong':
        return <strong key={i}>{inlines(node.children)}</strong>;
      case 'em':
        return <em key={i}>{inlines(node.children)}</em>;
      case 'link':
        return (
          <a key={i} href={node.href} target="_blank" rel="noopener noreferrer">
            {inlines(node.children)}
          </a>
        );
      case 'break':
        return <br key={i} />;
    }
  });
}

function blocks(nodes: readonly MdBlock[]): ReactNode[] {
  return nodes.map((node, i) => {
    switch (node.kind) {
      case 'heading': {
        const Tag = `h${node.level}` as const;
        return <Tag key={i}>{inlines(node.children)}</Tag>;
      }
      case 'paragraph':
        return <p key={i}>{inlines(node.children)}</p>;
      case 'list': {
        const items = node.items.map((item, j) => <li key={j}>{inlines(item)}</li>);
        return node.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
      }
      case 'code':
        return (
          <pre key={i} className="md-code" data-lang={node.lang || undefined}>
            <code>{node.text}</code>
          </pre>
        );
      case 'quote':
        return <blockquote key={i}>{blocks(node.children)}</blockquote>;
      case 'rule':
        return <hr key={i} />;
    }
  });
}

/** Renders Markdown text as React elements (never as HTML). */
export function MarkdownView({ source, className }: { readonly source: string; readonly className?: string }): ReactNode {
  return <div className={className ? `md ${className}` : 'md'}>{blocks(parseMarkdown(source))}</div>;
}
