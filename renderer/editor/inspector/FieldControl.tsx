import { useId, type ReactNode } from 'react';
import type { ProjectIssue } from '../../../preload/shared/project/validation-error.js';
import type { JsonValue } from '../state/editor-state.js';
import {
  BooleanControl,
  JsonControl,
  ListControl,
  MultiControl,
  NumberControl,
  NumberOrControl,
  SelectControl,
  TextControl,
  TextOrOffControl,
  type OnValue,
} from './controls.js';
import { issueText } from './issues.js';
import type { FieldSpec } from './schema-fields.js';

/** One field: its label, the control its schema calls for, the help text, and its issues in place. */
export function FieldControl(props: {
  readonly spec: FieldSpec;
  readonly value: JsonValue | undefined;
  readonly issues: readonly ProjectIssue[];
  readonly onValue: OnValue;
  readonly placeholder?: string | undefined;
}): ReactNode {
  const { spec } = props;
  const id = useId();
  const help = `${id}-help`;
  const errors = `${id}-errors`;
  const describedBy = [spec.description ? help : '', props.issues.length > 0 ? errors : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, label: spec.label, describedBy, invalid: props.issues.length > 0, value: props.value, onValue: props.onValue };
  const control = ((): ReactNode => {
    const c = spec.control;
    switch (c.kind) {
      case 'text':
        return <TextControl {...common} multiline={c.multiline} placeholder={props.placeholder} />;
      case 'number':
        return (
          <NumberControl
            {...common}
            integer={c.integer}
            min={c.min}
            max={c.max}
            placeholder={props.placeholder ?? defaultText(spec.defaultValue)}
          />
        );
      case 'boolean':
        return <BooleanControl {...common} defaultValue={spec.defaultValue} />;
      case 'select':
        return <SelectControl {...common} options={c.options} required={spec.required} defaultValue={spec.defaultValue} />;
      case 'multi':
        return <MultiControl {...common} options={c.options} />;
      case 'list':
        return <ListControl {...common} />;
      case 'number-or':
        return (
          <NumberOrControl {...common} specials={c.specials} integer={c.integer} min={c.min} max={c.max} defaultValue={spec.defaultValue} />
        );
      case 'text-or-off':
        return <TextOrOffControl {...common} placeholder={props.placeholder} />;
      case 'json':
        return <JsonControl {...common} />;
    }
  })();
  return (
    <div className={props.issues.length > 0 ? 'ins-field has-issue' : 'ins-field'} data-field={spec.key}>
      <span className="ins-label-row">
        <label className="ins-label" htmlFor={id} id={`${id}-label`}>
          {spec.label}
        </label>
        {spec.required ? (
          <span className="ins-required" title="Required">
            required
          </span>
        ) : null}
      </span>
      {control}
      {spec.description ? (
        <p className="ins-help" id={help}>
          {spec.description}
        </p>
      ) : null}
      {props.issues.length > 0 ? (
        <ul className="ins-errors" id={errors} data-testid={`issue-${spec.key}`}>
          {props.issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>{issueText(issue)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function defaultText(value: JsonValue | undefined): string | undefined {
  return value === undefined ? undefined : `default ${JSON.stringify(value)}`;
}

/** Issues that no field shows (a missing required key, a problem with the whole object). */
export function IssueList(props: { readonly issues: readonly ProjectIssue[] }): ReactNode {
  if (props.issues.length === 0) return null;
  return (
    <ul className="ins-errors ins-errors--block" role="list" data-testid="issues-here">
      {props.issues.map((issue) => (
        <li key={`${issue.path}:${issue.message}`}>
          <code>{issue.path}</code> {issueText(issue)}
        </li>
      ))}
    </ul>
  );
}
