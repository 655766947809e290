/** Chatbot values: Gradio's messages format, or the older [[user, bot], ...] pairs. */

export interface ChatMessage {
  readonly role: 'user' | 'assistant' | 'system';
  /** Text (Markdown) or a file value. */
  readonly content: unknown;
}

const ROLES = new Set(['user', 'assistant', 'system']);

/** Gradio's chatbot `type`: which of the two formats the value uses. */
export type ChatFormat = 'messages' | 'tuples';

/** The format a chatbot declares (its `type` prop), or null to read either. */
export function chatFormat(props: Readonly<Record<string, unknown>>): ChatFormat | null {
  return props.type === 'messages' || props.type === 'tuples' ? props.type : null;
}

/** The conversation in a value; with a format, items of the other format are skipped. */
export function parseMessages(value: unknown, format: ChatFormat | null = null): ChatMessage[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown): ChatMessage[] => {
    if (Array.isArray(item)) {
      if (format === 'messages') return [];
      const out: ChatMessage[] = [];
      if (item[0] !== null && item[0] !== undefined) out.push({ role: 'user', content: item[0] });
      if (item[1] !== null && item[1] !== undefined) out.push({ role: 'assistant', content: item[1] });
      return out;
    }
    if (typeof item === 'object' && item !== null && format !== 'tuples') {
      const { role, content } = item as { role?: unknown; content?: unknown };
      if (typeof role === 'string' && ROLES.has(role)) return [{ role: role as ChatMessage['role'], content }];
    }
    return [];
  });
}
