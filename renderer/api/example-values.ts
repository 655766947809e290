import type { ApiParameter } from './info.js';

/**
 * The value each snippet passes for each parameter: /info's `example_input`, made consistent
 * across parameters.
 *
 * A chat endpoint takes the new message and the conversation so far (examples/chat: inputs
 * `[message, chatbot]`). /info gives each component's example on its own, as Gradio does: the
 * textbox says "Hello!!" and the chatbot `[{role: "user", content: "Hello!!"}]`, so a snippet
 * built from both would send the message in the history and then again as the message, and the
 * reply would show it twice. The history's last turn is dropped when it is that same message still
 * waiting for an answer (a `user` message, or a `[message, null]` pair in tuples format).
 */
export function snippetExamples(parameters: readonly ApiParameter[]): unknown[] {
  const messages = new Set(parameters.flatMap((p) => (p.component !== 'Chatbot' && typeof p.example === 'string' ? [p.example] : [])));
  return parameters.map((p) => (p.component === 'Chatbot' ? historyBefore(p.example, messages) : p.example));
}

function historyBefore(history: unknown, messages: ReadonlySet<string>): unknown {
  if (!Array.isArray(history) || history.length === 0) return history;
  const pending = pendingMessage(history.at(-1));
  return pending !== null && messages.has(pending) ? history.slice(0, -1) : history;
}

/** The text of a turn that is a user's message without an answer yet, else null. */
function pendingMessage(turn: unknown): string | null {
  if (Array.isArray(turn)) return turn.length === 2 && typeof turn[0] === 'string' && turn[1] === null ? turn[0] : null;
  if (typeof turn !== 'object' || turn === null) return null;
  const { role, content } = turn as Record<string, unknown>;
  return role === 'user' && typeof content === 'string' ? content : null;
}
