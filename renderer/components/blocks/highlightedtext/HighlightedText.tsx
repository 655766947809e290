import type { ReactNode } from 'react';
import { BlockFrame } from '../shared/BlockFrame.js';
import { pressable } from '../shared/pressable.js';
import { domIds } from '../shared/props.js';
import { spanSelect } from '../shared/select-data.js';
import type { BlockProps } from '../types.js';
import { categories, paletteIndex, parseSpans, type Span } from './highlighted.js';

function colorMap(raw: unknown): Readonly<Record<string, string>> {
  if (typeof raw !== 'object' || raw === null) return {};
  return Object.fromEntries(Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * HighlightedText: text with labelled spans marked, and a legend of the categories. When something
 * listens for `select`, each span can be clicked (or focused and pressed) to fire it with `[text, label]`.
 */
export function HighlightedText(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  const spans = parseSpans(block.value);
  const cats = categories(spans);
  const selectable = block.listens.has('select');
  const select = (i: number, s: Span) => (selectable ? { role: 'button', ...pressable(() => block.onSelect?.(spanSelect(i, s))) } : {});
  const colors = colorMap(block.props.color_map);
  const markProps = (label: string): { className: string; style?: { backgroundColor: string } } => {
    const color = colors[label];
    return color ? { className: 'hl-mark', style: { backgroundColor: color } } : { className: `hl-mark hl-c${paletteIndex(cats, label)}` };
  };
  return (
    <BlockFrame block={block} variant="plain">
      <div className="highlighted" aria-labelledby={ids.label}>
        {spans.length === 0 ? <div className="empty">Nothing yet</div> : null}
        <p className="hl-text">
          {spans.map((s, i) =>
            s.label === null ? (
              <span key={i} {...select(i, s)}>
                {s.text}
              </span>
            ) : typeof s.label === 'number' ? (
              <mark key={i} className="hl-mark hl-score" title={`score ${s.label}`} {...select(i, s)}>
                {s.text}
              </mark>
            ) : (
              <mark key={i} {...markProps(s.label)} {...select(i, s)}>
                {s.text}
                <span className="hl-label">{s.label}</span>
              </mark>
            ),
          )}
        </p>
        {cats.length > 0 ? (
          <ul className="hl-legend" aria-label="Categories">
            {cats.map((c) => (
              <li key={c} {...markProps(c)}>
                {c}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </BlockFrame>
  );
}
