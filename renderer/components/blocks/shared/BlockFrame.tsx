import type { ReactNode } from 'react';
import type { BlockProps } from '../types.js';
import { bool, domIds, str } from './props.js';

interface BlockFrameProps {
  readonly block: BlockProps;
  /**
   * field: the label is a <label> for the block's input;
   * group: a <fieldset> with a <legend> (radio, checkbox groups);
   * plain: a caption that the content references with aria-labelledby.
   */
  readonly variant: 'field' | 'group' | 'plain';
  readonly className?: string;
  readonly children: ReactNode;
}

/** A block's root: test id, type class, label and help text. */
export function BlockFrame({ block, variant, className, children }: BlockFrameProps): ReactNode {
  const ids = domIds(block.id);
  const label = str(block.props, 'label') ?? '';
  const showLabel = bool(block.props, 'show_label') !== false && label !== '';
  const info = str(block.props, 'info');
  const classes = ['block', `block--${block.type}`, block.interactive ? 'is-interactive' : 'is-static', className]
    .filter(Boolean)
    .join(' ');
  const common = {
    className: classes,
    'data-testid': `component-${block.elemKey ?? String(block.id)}`,
    'data-block-type': block.type,
  };
  const infoNode = info ? (
    <p className="block-info" id={ids.info}>
      {info}
    </p>
  ) : null;
  if (variant === 'group') {
    return (
      <fieldset {...common}>
        <legend className={showLabel ? 'block-label' : 'visually-hidden'}>{label || block.type}</legend>
        {infoNode}
        {children}
      </fieldset>
    );
  }
  const labelNode =
    variant === 'field' ? (
      <label className={showLabel ? 'block-label' : 'visually-hidden'} htmlFor={ids.input} id={ids.label}>
        {label || block.type}
      </label>
    ) : (
      <span className={showLabel ? 'block-label' : 'visually-hidden'} id={ids.label}>
        {label || block.type}
      </span>
    );
  return (
    <div {...common}>
      {labelNode}
      {infoNode}
      {children}
    </div>
  );
}
