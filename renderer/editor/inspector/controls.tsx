import { useEffect, useId, useState, type ReactNode } from 'react';
import type { JsonValue } from '../state/editor-state.js';
import type { Special } from './schema-fields.js';

/**
 * Form controls that edit one JSON value. Each reports a new value (undefined: unset, the schema's
 * default applies) on every change; the caller dispatches it with a coalesce key, so typing a word
 * is one undo step. Text that is not a value yet ("1.", half-typed JSON) stays in the field as a
 * draft with a note, and the document keeps its last good value.
 */

export type OnValue = (value: JsonValue | undefined) => void;

/** An ARIA boolean attribute: present when true, absent otherwise. */
const flag = (on: boolean | undefined): true | undefined => (on === true ? true : undefined);

/** A draft string that follows `value` while the field is not being edited. */
function useDraft(text: string): [string, (next: string) => void, (editing: boolean) => void] {
  const [draft, setDraft] = useState(text);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setDraft(text);
  }, [text, editing]);
  return [editing ? draft : text, setDraft, setEditing];
}

interface Common {
  readonly id: string;
  readonly label: string;
  readonly describedBy?: string | undefined;
  readonly invalid?: boolean;
}

export function TextControl(
  props: Common & {
    readonly value: JsonValue | undefined;
    readonly multiline?: boolean;
    readonly onValue: OnValue;
    readonly placeholder?: string | undefined;
  },
): ReactNode {
  const text = typeof props.value === 'string' ? props.value : '';
  const common = {
    id: props.id,
    className: 'input',
    value: text,
    placeholder: props.placeholder,
    'aria-describedby': props.describedBy,
    'aria-invalid': flag(props.invalid),
    onChange: (event: { currentTarget: { value: string } }) =>
      props.onValue(event.currentTarget.value === '' ? undefined : event.currentTarget.value),
  };
  return props.multiline ? <textarea {...common} rows={4} /> : <input {...common} type="text" />;
}

export function NumberControl(
  props: Common & {
    readonly value: JsonValue | undefined;
    readonly integer: boolean;
    readonly min?: number | undefined;
    readonly max?: number | undefined;
    readonly onValue: OnValue;
    readonly placeholder?: string | undefined;
  },
): ReactNode {
  const [draft, setDraft, setEditing] = useDraft(typeof props.value === 'number' ? String(props.value) : '');
  const parsed = draft.trim() === '' ? undefined : Number(draft);
  const bad = parsed !== undefined && !Number.isFinite(parsed);
  return (
    <>
      <input
        id={props.id}
        className="input"
        type="text"
        inputMode={props.integer ? 'numeric' : 'decimal'}
        value={draft}
        placeholder={props.placeholder}
        aria-describedby={props.describedBy}
        aria-invalid={flag(props.invalid === true || bad)}
        onFocus={() => setEditing(true)}
        onBlur={() => setEditing(false)}
        onChange={(event) => {
          const next = event.currentTarget.value;
          setDraft(next);
          const number = next.trim() === '' ? undefined : Number(next);
          if (number === undefined || Number.isFinite(number)) props.onValue(number);
        }}
      />
      {bad ? (
        <span className="ins-draft">
          Not a number yet; the project keeps {props.value === undefined ? 'no value' : JSON.stringify(props.value)}.
        </span>
      ) : null}
      {props.min !== undefined || props.max !== undefined ? (
        <span className="ins-range">
          {props.integer ? 'A whole number' : 'A number'}
          {props.min !== undefined ? `, at least ${String(props.min)}` : ''}
          {props.max !== undefined ? `, at most ${String(props.max)}` : ''}
        </span>
      ) : null}
    </>
  );
}

export function BooleanControl(
  props: Common & { readonly value: JsonValue | undefined; readonly defaultValue?: JsonValue | undefined; readonly onValue: OnValue },
): ReactNode {
  // Without a default in the schema (visible, interactive) "unset" means "decided elsewhere" (shown,
  // or Gradio's input/output rule): a three-way choice, so unset stays distinguishable from false.
  if (typeof props.defaultValue !== 'boolean') {
    const value = props.value === true ? 'yes' : props.value === false ? 'no' : '';
    return (
      <select
        id={props.id}
        className="input"
        value={value}
        aria-describedby={props.describedBy}
        onChange={(e) => props.onValue(e.currentTarget.value === '' ? undefined : e.currentTarget.value === 'yes')}
      >
        <option value="">(automatic)</option>
        <option value="yes">yes</option>
        <option value="no">no</option>
      </select>
    );
  }
  const checked = typeof props.value === 'boolean' ? props.value : props.defaultValue;
  return (
    <span className="ins-check">
      <input
        id={props.id}
        type="checkbox"
        checked={checked}
        aria-describedby={props.describedBy}
        onChange={(e) => props.onValue(e.currentTarget.checked === props.defaultValue ? undefined : e.currentTarget.checked)}
      />
      <span className="cv-muted">{typeof props.value === 'boolean' ? '' : '(default)'}</span>
    </span>
  );
}

export function SelectControl(
  props: Common & {
    readonly value: JsonValue | undefined;
    readonly options: readonly string[];
    /** What each option shows, when not the value itself. */
    readonly labels?: Readonly<Record<string, string>>;
    readonly required?: boolean;
    readonly defaultValue?: JsonValue | undefined;
    readonly onValue: OnValue;
  },
): ReactNode {
  const value = typeof props.value === 'string' ? props.value : '';
  const unknown = value !== '' && !props.options.includes(value);
  return (
    <select
      id={props.id}
      className="input"
      value={value}
      aria-describedby={props.describedBy}
      aria-invalid={flag(props.invalid)}
      onChange={(e) => props.onValue(e.currentTarget.value === '' ? undefined : e.currentTarget.value)}
    >
      {props.required && value !== '' ? null : (
        <option value="">{props.defaultValue !== undefined ? `(default: ${JSON.stringify(props.defaultValue)})` : '(not set)'}</option>
      )}
      {unknown ? <option value={value}>{value} (unknown)</option> : null}
      {props.options.map((option) => (
        <option key={option} value={option}>
          {props.labels?.[option] ?? option}
        </option>
      ))}
    </select>
  );
}

/** An array of an enum: one checkbox per option, kept in the schema's order. */
export function MultiControl(
  props: Common & { readonly value: JsonValue | undefined; readonly options: readonly string[]; readonly onValue: OnValue },
): ReactNode {
  const chosen = new Set(Array.isArray(props.value) ? props.value.filter((v) => typeof v === 'string') : props.options);
  const toggle = (option: string, on: boolean): void => {
    const next = props.options.filter((o) => (o === option ? on : chosen.has(o)));
    props.onValue(next.length === props.options.length ? undefined : next);
  };
  return (
    <span className="choices" role="group" aria-labelledby={`${props.id}-label`}>
      {props.options.map((option) => (
        <label key={option} className="choice">
          <input type="checkbox" checked={chosen.has(option)} onChange={(e) => toggle(option, e.currentTarget.checked)} />
          {option}
        </label>
      ))}
    </span>
  );
}

/** A list of strings, one per line (choices, CSS classes, headers). */
export function ListControl(props: Common & { readonly value: JsonValue | undefined; readonly onValue: OnValue }): ReactNode {
  const lines = Array.isArray(props.value)
    ? props.value.map((v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v)))
    : [];
  const [draft, setDraft, setEditing] = useDraft(lines.join('\n'));
  return (
    <>
      <textarea
        id={props.id}
        className="input"
        rows={Math.min(8, Math.max(2, lines.length + 1))}
        value={draft}
        aria-describedby={props.describedBy}
        aria-invalid={flag(props.invalid)}
        onFocus={() => setEditing(true)}
        onBlur={() => setEditing(false)}
        onChange={(event) => {
          const text = event.currentTarget.value;
          setDraft(text);
          const items = text.split('\n').filter((line) => line.trim() !== '');
          props.onValue(text.trim() === '' ? undefined : items);
        }}
      />
      <span className="ins-range">One per line.</span>
    </>
  );
}

/** A number, or one of a few special values ("default", unlimited). */
export function NumberOrControl(
  props: Common & {
    readonly value: JsonValue | undefined;
    readonly specials: readonly Special[];
    readonly integer: boolean;
    readonly min?: number | undefined;
    readonly max?: number | undefined;
    readonly defaultValue?: JsonValue | undefined;
    readonly onValue: OnValue;
  },
): ReactNode {
  const special = props.specials.findIndex((s) => s.value === props.value);
  const mode = props.value === undefined ? 'unset' : special >= 0 ? `s${String(special)}` : 'number';
  const selectId = useId();
  return (
    <span className="ins-number-or">
      <select
        id={selectId}
        className="input"
        aria-label={`${props.label}: kind`}
        value={mode}
        onChange={(event) => {
          const next = event.currentTarget.value;
          if (next === 'unset') props.onValue(undefined);
          else if (next === 'number') props.onValue(typeof props.value === 'number' ? props.value : Math.max(1, props.min ?? 1));
          else props.onValue(props.specials[Number(next.slice(1))]?.value ?? null);
        }}
      >
        <option value="unset">
          {props.defaultValue !== undefined
            ? `(default: ${props.defaultValue === null ? 'unlimited' : JSON.stringify(props.defaultValue)})`
            : '(not set)'}
        </option>
        {props.specials.map((s, i) => (
          <option key={s.label} value={`s${String(i)}`}>
            {s.label}
          </option>
        ))}
        <option value="number">a number</option>
      </select>
      {mode === 'number' ? <NumberControl {...props} /> : null}
    </span>
  );
}

/** A name that may be switched off (an event's API name: `false` hides the endpoint). */
export function TextOrOffControl(
  props: Common & { readonly value: JsonValue | undefined; readonly placeholder?: string | undefined; readonly onValue: OnValue },
): ReactNode {
  const off = props.value === false;
  return (
    <span className="ins-text-off">
      {off ? <span className="cv-muted">Hidden from the API</span> : <TextControl {...props} />}
      <label className="choice">
        <input type="checkbox" checked={off} onChange={(e) => props.onValue(e.currentTarget.checked ? false : undefined)} />
        hide
      </label>
    </span>
  );
}

/** Any JSON value, as text; half-typed JSON stays a draft. */
export function JsonControl(props: Common & { readonly value: JsonValue | undefined; readonly onValue: OnValue }): ReactNode {
  const [draft, setDraft, setEditing] = useDraft(props.value === undefined ? '' : JSON.stringify(props.value, null, 1));
  let problem: string | null = null;
  try {
    if (draft.trim() !== '') JSON.parse(draft);
  } catch (error) {
    problem = error instanceof Error ? error.message : 'not JSON';
  }
  return (
    <>
      <textarea
        id={props.id}
        className="input ins-json"
        rows={Math.min(10, Math.max(2, draft.split('\n').length))}
        value={draft}
        spellCheck={false}
        aria-describedby={props.describedBy}
        aria-invalid={flag(props.invalid === true || problem !== null)}
        onFocus={() => setEditing(true)}
        onBlur={() => setEditing(false)}
        onChange={(event) => {
          const text = event.currentTarget.value;
          setDraft(text);
          try {
            props.onValue(text.trim() === '' ? undefined : (JSON.parse(text) as JsonValue));
          } catch {
            // A draft: the document keeps its last value until the text parses.
          }
        }}
      />
      {problem ? <span className="ins-draft">Not JSON yet ({problem}); the project keeps its last value.</span> : null}
    </>
  );
}
