import { useId, type ReactNode } from 'react';
import type { JsonValue } from '../state/editor-state.js';

export interface Choice {
  readonly value: string;
  readonly label: string;
}

/**
 * An ordered list of names picked from `choices` (an event's inputs and outputs, a fan-out's
 * functions): the order matters (the function's arguments, its outputs), so each entry moves up
 * and down; a name no longer among the choices stays, marked, until removed.
 */
export function IdListPicker(props: {
  readonly label: string;
  readonly value: JsonValue | undefined;
  readonly choices: readonly Choice[];
  readonly onValue: (value: string[]) => void;
  readonly testId?: string | undefined;
  readonly issues?: readonly string[] | undefined;
}): ReactNode {
  const id = useId();
  const list = Array.isArray(props.value) ? props.value.filter((v): v is string => typeof v === 'string') : [];
  const known = new Map(props.choices.map((c) => [c.value, c.label]));
  const left = props.choices.filter((c) => !list.includes(c.value));
  const move = (from: number, to: number): void => {
    const next = [...list];
    const [item] = next.splice(from, 1);
    if (item !== undefined) next.splice(to, 0, item);
    props.onValue(next);
  };
  return (
    <div className={props.issues && props.issues.length > 0 ? 'ins-field has-issue' : 'ins-field'} data-testid={props.testId}>
      <span className="ins-label" id={`${id}-label`}>
        {props.label}
      </span>
      <ol className="ins-idlist" aria-labelledby={`${id}-label`}>
        {list.map((item, i) => (
          <li key={`${item}-${String(i)}`} className={known.has(item) ? 'ins-chip' : 'ins-chip is-unknown'}>
            <span>{known.get(item) ?? `${item} (missing)`}</span>
            <button type="button" className="ins-icon" aria-label={`Move ${item} up`} disabled={i === 0} onClick={() => move(i, i - 1)}>
              ↑
            </button>
            <button
              type="button"
              className="ins-icon"
              aria-label={`Move ${item} down`}
              disabled={i === list.length - 1}
              onClick={() => move(i, i + 1)}
            >
              ↓
            </button>
            <button
              type="button"
              className="ins-icon"
              aria-label={`Remove ${item}`}
              onClick={() => props.onValue(list.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      {left.length > 0 ? (
        <select
          className="input"
          aria-label={`Add to ${props.label.toLowerCase()}`}
          value=""
          onChange={(event) => {
            if (event.currentTarget.value !== '') props.onValue([...list, event.currentTarget.value]);
          }}
        >
          <option value="">Add…</option>
          {left.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      ) : null}
      {props.issues?.map((text) => (
        <p key={text} className="ins-errors">
          {text}
        </p>
      ))}
    </div>
  );
}
