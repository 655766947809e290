import type { ComponentType } from 'react';

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
  /** Events some dependency listens to on this block (e.g. a textbox's "submit"). */
  readonly listens: ReadonlySet<string>;
  /** A user edit; the runner fires `input` and `change`. */
  readonly onChange: (value: unknown) => void;
  /** Any other event: click, submit, upload, clear, ... */
  readonly onEvent: (event: string) => void;
}

export type BlockComponent = ComponentType<BlockProps>;
