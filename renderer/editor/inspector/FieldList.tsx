import type { ReactNode } from 'react';
import type { ProjectIssue } from '../../../preload/shared/project/validation-error.js';
import type { JsonObject, JsonValue } from '../state/editor-state.js';
import { own, type JsonPath } from '../state/json.js';
import { FieldControl } from './FieldControl.js';
import { issuesUnder } from './issues.js';
import type { FieldSpec } from './schema-fields.js';

/**
 * The fields of one object of the document (a component, an event, a model, the queue): each
 * edits `object[key]` through `onValue(key, value)`, and shows the issues found under
 * `base` + key (base: the object's path from the document root, as issues name it).
 */
export function FieldList(props: {
  readonly fields: readonly FieldSpec[];
  readonly object: JsonObject;
  readonly base: JsonPath;
  readonly issues: readonly ProjectIssue[];
  readonly onValue: (key: string, value: JsonValue | undefined) => void;
}): ReactNode {
  return props.fields.map((spec) => (
    <FieldControl
      key={spec.key}
      spec={spec}
      value={own(props.object, spec.key)}
      issues={issuesUnder(props.issues, [...props.base, spec.key])}
      onValue={(value) => props.onValue(spec.key, value)}
    />
  ));
}
