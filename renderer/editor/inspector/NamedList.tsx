import type { ReactNode } from 'react';
import type { JsonObject } from '../state/editor-state.js';
import { objectAt, own, stringAt } from '../state/json.js';

/**
 * The list at the top of the models and functions panels: one button per entry of a section of
 * project.json (its name, and the entry's `detail` key in muted text), the selected one marked.
 */
export function NamedList({
  entries,
  selected,
  detail,
  onSelect,
}: {
  readonly entries: JsonObject;
  readonly selected: string | null;
  /** The key of an entry shown beside its name: `kind` of a function, `runtime` of a model. */
  readonly detail: string;
  readonly onSelect: (name: string) => void;
}): ReactNode {
  return (
    <ul className="ins-list">
      {Object.entries(entries).map(([key, value]) => (
        <li key={key}>
          <button
            type="button"
            className={key === selected ? 'ins-item is-selected' : 'ins-item'}
            aria-current={key === selected || undefined}
            onClick={() => onSelect(key)}
          >
            {key} <span className="cv-muted">{stringAt(own(objectAt(value) ?? {}, detail)) ?? ''}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
