import { useState, type ReactNode } from 'react';
import { BlockFrame } from '../shared/BlockFrame.js';
import { domIds, num } from '../shared/props.js';
import { gallerySelect } from '../shared/select-data.js';
import type { BlockProps } from '../types.js';
import { parseGallery } from './items.js';

/**
 * Gallery: a grid of images with captions; each opens in a new tab, or, when something listens
 * for `select`, is a toggle button that fires it with `{index, value: {image, caption}}`.
 */
export function Gallery(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  const items = parseGallery(block.value);
  const columns = num(block.props, 'columns');
  const selectable = block.listens.has('select');
  const [chosen, setChosen] = useState<number | null>(null);
  return (
    <BlockFrame block={block} variant="plain">
      {items.length === 0 ? (
        <div className="empty">No images</div>
      ) : (
        <ul
          className="gallery"
          aria-labelledby={ids.label}
          style={columns ? { gridTemplateColumns: `repeat(${Math.max(1, Math.floor(columns))}, minmax(0, 1fr))` } : undefined}
        >
          {items.map((it, i) => (
            <li key={i}>
              <figure className="gallery-item">
                {selectable ? (
                  <button
                    type="button"
                    className="gallery-select"
                    aria-pressed={chosen === i}
                    onClick={() => {
                      setChosen(i);
                      block.onSelect?.(gallerySelect(i, it));
                    }}
                  >
                    <img src={it.url} alt={it.caption ?? `Image ${i + 1}`} loading="lazy" />
                  </button>
                ) : (
                  <a href={it.url} target="_blank" rel="noopener noreferrer">
                    <img src={it.url} alt={it.caption ?? `Image ${i + 1}`} loading="lazy" />
                  </a>
                )}
                {it.caption ? <figcaption>{it.caption}</figcaption> : null}
              </figure>
            </li>
          ))}
        </ul>
      )}
    </BlockFrame>
  );
}
