import type { ReactNode } from 'react';
import { BlockFrame } from '../shared/BlockFrame.js';
import { displayText } from '../shared/props.js';
import type { BlockProps } from '../types.js';
import { MarkdownView } from './MarkdownView.js';

/** Markdown: text content; the label is for assistive tech only unless show_label is set. */
export function Markdown(block: BlockProps): ReactNode {
  const labelled = { ...block, props: { show_label: false, ...block.props } };
  return (
    <BlockFrame block={labelled} variant="plain">
      <MarkdownView source={displayText(block.value)} />
    </BlockFrame>
  );
}
