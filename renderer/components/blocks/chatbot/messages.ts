/** Chatbot values: Gradio's messages format, or the older [[user, bot], ...] pairs. */

export interface ChatMessage {
  readonly role: 'user' | 'assistant' | 'system';
  /** Text (Markdown) or a file value. */
  readonly content: unknown;
}

const ROLES = new Set(['user', 'assistant', 'system']);

export function parseMessages(value: unknown): ChatMessage[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown): ChatMessage[] => {
    if (Array.isArray(item)) {
      const out: ChatMessage[] = [];
      if (item[0] !== null && item[0] !== undefined) out.push({ role: 'user', content: item[0] });
      if (item[1] !== null && item[1] !== undefined) out.push({ role: 'assistant', content: item[1] });
      return out;
    }
    if (typeof item === 'object' && item !== null) {
      const { role, content } = item as { role?: unknown; content?: unknown };
      if (typeof role === 'string' && ROLES.has(role)) return [{ role: role as ChatMessage['role'], content }];
    }
    return [];
  });
}
