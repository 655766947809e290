import { useEffect, useId, useState, type ReactNode } from 'react';

/**
 * A name others refer to (a component id, a model or function name): typed as a draft and applied
 * on Enter or when the field is left, since a rename carries every reference along and a half-typed
 * name would rename them to nonsense. `problem` says why a draft cannot be applied, in place.
 */
export function NameField(props: {
  readonly label: string;
  readonly value: string;
  readonly problem: (draft: string) => string | null;
  readonly onCommit: (name: string) => void;
  readonly help?: string | undefined;
  readonly testId?: string | undefined;
}): ReactNode {
  const id = useId();
  const [draft, setDraft] = useState(props.value);
  useEffect(() => setDraft(props.value), [props.value]);
  const problem = draft === props.value ? null : props.problem(draft);
  const commit = (): void => {
    if (draft !== props.value && problem === null) props.onCommit(draft);
  };
  return (
    <div className={problem ? 'ins-field has-issue' : 'ins-field'}>
      <label className="ins-label" htmlFor={id}>
        {props.label}
      </label>
      <input
        id={id}
        className="input"
        type="text"
        value={draft}
        spellCheck={false}
        data-testid={props.testId}
        aria-invalid={problem !== null || undefined}
        aria-describedby={problem ? `${id}-problem` : props.help ? `${id}-help` : undefined}
        onChange={(event) => setDraft(event.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') setDraft(props.value);
        }}
      />
      {problem ? (
        <p className="ins-errors" id={`${id}-problem`} role="alert">
          {problem}
        </p>
      ) : props.help ? (
        <p className="ins-help" id={`${id}-help`}>
          {props.help}
        </p>
      ) : null}
    </div>
  );
}
