import { useEffect, useRef, type ReactNode } from 'react';
import { fileUrl } from '../../../runner/values.js';
import { MarkdownView } from '../markdown/MarkdownView.js';
import { BlockFrame } from '../shared/BlockFrame.js';
import { FileLink } from '../shared/FileLink.js';
import { domIds } from '../shared/props.js';
import type { BlockProps } from '../types.js';
import { parseMessages } from './messages.js';

const ROLE_NAMES = { user: 'You', assistant: 'Assistant', system: 'System' } as const;

function content(value: unknown): ReactNode {
  if (typeof value === 'string') return <MarkdownView source={value} />;
  if (fileUrl(value) !== null) return <FileLink value={value} />;
  return <pre className="json">{JSON.stringify(value, null, 2)}</pre>;
}

/** Chatbot: the conversation as a log that scrolls to the newest message. */
export function Chatbot(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  const messages = parseMessages(block.value);
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'nearest' });
  }, [messages.length]);
  return (
    <BlockFrame block={block} variant="plain">
      <ol className="chat" role="log" aria-labelledby={ids.label} aria-live="polite">
        {messages.length === 0 ? <li className="empty">No messages yet</li> : null}
        {messages.map((m, i) => (
          <li key={i} className={`chat-msg chat-msg--${m.role}`} ref={i === messages.length - 1 ? end : undefined}>
            <span className="chat-role">{ROLE_NAMES[m.role]}</span>
            <div className="chat-content">{content(m.content)}</div>
          </li>
        ))}
      </ol>
    </BlockFrame>
  );
}
