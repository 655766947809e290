import type { ReactNode } from 'react';
import { fileUrl } from '../../../runner/values.js';
import { MarkdownView } from '../markdown/MarkdownView.js';
import { BlockFrame } from '../shared/BlockFrame.js';
import { FileLink } from '../shared/FileLink.js';
import { pressable } from '../shared/pressable.js';
import { domIds } from '../shared/props.js';
import type { BlockProps } from '../types.js';
import { chatFormat, parseMessages } from './messages.js';
import { useStickToBottom } from './use-stick-to-bottom.js';

const ROLE_NAMES = { user: 'You', assistant: 'Assistant', system: 'System' } as const;

function content(value: unknown): ReactNode {
  if (typeof value === 'string') return <MarkdownView source={value} />;
  if (fileUrl(value) !== null) return <FileLink value={value} />;
  return <pre className="json">{JSON.stringify(value, null, 2)}</pre>;
}

/** Three dots while a run that writes the conversation is queued or streaming. */
function Typing(): ReactNode {
  return (
    <li className="chat-msg chat-msg--assistant chat-typing" data-testid="chat-typing">
      <span className="visually-hidden">Assistant is typing…</span>
      <span className="chat-dot" aria-hidden="true" />
      <span className="chat-dot" aria-hidden="true" />
      <span className="chat-dot" aria-hidden="true" />
    </li>
  );
}

/**
 * Chatbot: the conversation as a log of Markdown messages (either Gradio format). A streaming run
 * replaces the whole history on each partial, so the last message grows; the log follows the end
 * unless the user scrolled up, and is aria-busy while the run is active so screen readers read
 * the finished reply rather than every token.
 */
export function Chatbot(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  const messages = parseMessages(block.value, chatFormat(block.props));
  const pending = block.pending === true;
  // When something listens for `select`, a message is a button firing it with {index, value: content}.
  const select = (index: number, value: unknown) =>
    block.listens.has('select') ? { role: 'button', ...pressable(() => block.onSelect?.({ index, value })) } : {};
  const ref = useStickToBottom<HTMLOListElement>(block.value, pending);
  return (
    <BlockFrame block={block} variant="plain">
      <ol className="chat" role="log" aria-labelledby={ids.label} aria-live="polite" aria-busy={pending} ref={ref}>
        {messages.length === 0 && !pending ? <li className="empty">No messages yet</li> : null}
        {messages.map((m, i) => (
          <li key={i} className={`chat-msg chat-msg--${m.role}`} data-testid={`chat-${m.role}`}>
            <span className="chat-role">{ROLE_NAMES[m.role]}</span>
            <div className="chat-content" {...select(i, m.content)}>
              {content(m.content)}
            </div>
          </li>
        ))}
        {pending ? <Typing /> : null}
      </ol>
    </BlockFrame>
  );
}
