import type { ComponentInfo, Dependency } from './config.js';
import type { PageState } from './page-store.js';
import type { Values } from './values.js';

/**
 * The chat pattern (examples/chat, Gradio's ChatInterface): a run that reads a textbox and a
 * chatbot and writes that chatbot. The page shows the message in the log at once, marked pending,
 * instead of only after the queue and the function's first yield; when the run writes the box too
 * (it empties it), the page empties it at once, so the user can type the next message. Pure.
 */
export interface ChatEcho {
  readonly chatbot: number;
  readonly box: number;
  readonly text: string;
  /** The run writes the box as well: the page empties it now (and gives the text back if the run fails first). */
  readonly clearsBox: boolean;
}

/** The echo of a run about to start, or null when it is not a chat message (no text, no chatbot). */
export function chatEcho(dep: Dependency, values: Values, components: ReadonlyMap<number, ComponentInfo>): ChatEcho | null {
  const ofType = (type: string) => dep.inputs.find((id) => components.get(id)?.type === type);
  const chatbot = dep.inputs.find((id) => components.get(id)?.type === 'chatbot' && dep.outputs.includes(id));
  const box = ofType('textbox');
  if (chatbot === undefined || box === undefined) return null;
  const value = values.get(box);
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return null;
  return { chatbot, box, text, clearsBox: dep.outputs.includes(box) };
}

/** The page as the echo starts: the message pending in the chatbot, the box emptied when the run writes it. */
export function echoShown(state: Pick<PageState, 'values' | 'echoes'>, echo: ChatEcho): Pick<PageState, 'values' | 'echoes'> {
  const values = echo.clearsBox ? new Map(state.values).set(echo.box, '') : state.values;
  return { values, echoes: new Map(state.echoes).set(echo.chatbot, echo.text) };
}

/**
 * The page as the echo goes (the run wrote the conversation, or ended): null when it is gone
 * already. A run that ended before writing it (`wrote` false: failed, stopped) gives the text back
 * to the box, unless the user typed something new there.
 */
export function echoEnded(state: Pick<PageState, 'values' | 'echoes'>, echo: ChatEcho, wrote: boolean): Partial<PageState> | null {
  if (state.echoes.get(echo.chatbot) !== echo.text) return null;
  const echoes = new Map(state.echoes);
  echoes.delete(echo.chatbot);
  const giveBack = !wrote && echo.clearsBox && state.values.get(echo.box) === '';
  return giveBack ? { echoes, values: new Map(state.values).set(echo.box, echo.text) } : { echoes };
}
