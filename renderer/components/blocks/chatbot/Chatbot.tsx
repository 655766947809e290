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

/** Three small dots, inside the assistant's bubble, while a run that writes the conversation is on. */
function Typing(): ReactNode {
  return (
    <span className="chat-typing" data-testid="chat-typing">
      <span className="visually-hidden">Assistant is typing…</span>
      <span className="chat-dot" aria-hidden="true" />
      <span className="chat-dot" aria-hidden="true" />
      <span className="chat-dot" aria-hidden="true" />
    </span>
  );
}

/**
 * Chatbot: the conversation as a log of Markdown messages (either Gradio format). A streaming run
 * replaces the whole history on each partial, so the last message grows; the log follows the end
 * unless the user scrolled up, and is aria-busy while the run is active so screen readers read
 * the finished reply rather than every token. A message just sent (`echo`) shows at once, pending,
 * until the run writes the conversation; the typing dots sit in the reply's bubble (a small bubble
 * of their own until the first token).
 */
export function Chatbot(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  const messages = parseMessages(block.value, chatFormat(block.props));
  const pending = block.pending === true;
  // When something listens for `select`, a message is a button firing it with {index, value: content}.
  const select = (index: number, value: unknown) =>
    block.listens.has('select') ? { role: 'button', ...pressable(() => block.onSelect?.({ index, value })) } : {};
  const { echo } = block;
  // The reply being streamed is the last message, unless the user's message is still on its way.
  const streaming = pending && echo === undefined && messages.at(-1)?.role === 'assistant';
  const ref = useStickToBottom<HTMLOListElement>(block.value, pending, echo);
  return (
    <BlockFrame block={block} variant="plain">
      <ol className="chat" role="log" aria-labelledby={ids.label} aria-live="polite" aria-busy={pending} ref={ref}>
        {messages.length === 0 && !pending && echo === undefined ? <li className="empty">No messages yet</li> : null}
        {messages.map((m, i) => (
          <li key={i} className={`chat-msg chat-msg--${m.role}`} data-testid={`chat-${m.role}`}>
            <span className="chat-role">{ROLE_NAMES[m.role]}</span>
            <div className="chat-content" {...select(i, m.content)}>
              {content(m.content)}
            </div>
            {streaming && i === messages.length - 1 ? <Typing /> : null}
          </li>
        ))}
        {echo !== undefined ? (
          <li className="chat-msg chat-msg--user is-pending" data-testid="chat-user" data-pending="true">
            <span className="chat-role">
              {ROLE_NAMES.user} <span className="chat-sending">· sending…</span>
            </span>
            <div className="chat-content">
              <p className="chat-echo">{echo}</p>
            </div>
          </li>
        ) : null}
        {pending && !streaming ? (
          <li className="chat-msg chat-msg--assistant is-waiting" data-testid="chat-assistant-waiting">
            <Typing />
          </li>
        ) : null}
      </ol>
    </BlockFrame>
  );
}
