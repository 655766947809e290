import type { ComponentType } from 'react';
import type { SelectData } from './shared/select-data.js';

/** What every block component receives; blocks never touch the controller directly. */
export interface BlockProps {
  readonly id: number;
  readonly type: string;
  /** Our string id (config `key`); becomes data-testid="component-<key>". */
  readonly elemKey: string | null;
  /** Gradio's snake_case props, with output updates applied. */
  readonly props: Readonly<Record<string, unknown>>;
  readonly value: unknown;
  readonly interactive: boolean;
  /** The block is an output of a run in progress (a chatbot shows that the assistant is typing). */
  readonly pending?: boolean;
  /** A chatbot: the message the user just sent, shown (pending) until the run writes the conversation. */
  readonly echo?: string | undefined;
  /** A run needs this input and it is empty ("Upload an image first"); the image input shows it in its drop zone, BlockSlot under other blocks. */
  readonly missing?: string | undefined;
  /** Events some dependency listens to on this block (e.g. a textbox's "submit"). */
  readonly listens: ReadonlySet<string>;
  /** A user edit; the runner fires `input` and `change`. */
  readonly onChange: (value: unknown) => void;
  /** Any other event: click, submit, upload, clear, ... */
  readonly onEvent: (event: string) => void;
  /** A `select` (Gradio's SelectData): sent as the run's event data, read by JS functions as `ctx.event`. */
  readonly onSelect?: (data: SelectData) => void;
}

export type BlockComponent = ComponentType<BlockProps>;
