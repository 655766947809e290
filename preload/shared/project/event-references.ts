import { TRIGGERS } from './schema-ui.js';
import { asArray, asRecord, asString, stringsOf, type JsonRecord } from './raw-json.js';
import { knownNames, type ProjectIssue } from './validation-error.js';

/** What a Blocks event may refer to; a name list left out is unknown, and nothing is checked against it. */
export interface EventScope {
  readonly functions?: readonly string[];
  /** Component ids (a layout's id is only for the layout itself). */
  readonly components?: ReadonlySet<string>;
}

/**
 * Reference checks of Blocks events and of the events chained after them (`then`, any depth):
 * functions, trigger components and event names, input and output components. Reads raw JSON
 * (see references.ts); issues name the JSON path, e.g. `$.ui.events[0].then[1].fn`.
 */
export function checkEventReferences(events: unknown, scope: EventScope): ProjectIssue[] {
  const issues: ProjectIssue[] = [];
  const check = (event: JsonRecord, base: string): void => {
    const fn = asString(event.fn);
    if (scope.functions && fn !== undefined && !scope.functions.includes(fn)) {
      issues.push({ path: `${base}.fn`, message: `unknown function; expected ${knownNames(scope.functions)}`, value: fn });
    }
    if (scope.components) issues.push(...checkComponents(event, base, scope.components));
  };
  // Iterative over `then`: json-limits.ts bounds the depth, but a walk need not rely on that.
  const pending: { event: JsonRecord; base: string }[] = [];
  asArray(events)?.forEach((item, i) => {
    const event = asRecord(item);
    if (!event) return;
    const base = `$.ui.events[${i}]`;
    check(event, base);
    issues.push(...checkTriggers(event, base, scope.components));
    pending.push({ event, base });
  });
  // An array iterator sees the elements pushed while it runs: this visits every chained event.
  for (const { event, base } of pending) {
    asArray(event.then)?.forEach((item, k) => {
      const next = asRecord(item);
      if (!next) return;
      check(next, `${base}.then[${k}]`);
      pending.push({ event: next, base: `${base}.then[${k}]` });
    });
  }
  return issues;
}

function checkComponents(event: JsonRecord, base: string, components: ReadonlySet<string>): ProjectIssue[] {
  const issues: ProjectIssue[] = [];
  for (const key of ['inputs', 'outputs'] as const) {
    for (const [j, ref] of stringsOf(event[key])) {
      if (!components.has(ref)) {
        issues.push({
          path: `${base}.${key}[${j}]`,
          message: `unknown component; expected ${knownNames([...components])} (give the component an "id")`,
          value: ref,
        });
      }
    }
  }
  return issues;
}

function checkTriggers(event: JsonRecord, base: string, components: ReadonlySet<string> | undefined): ProjectIssue[] {
  const issues: ProjectIssue[] = [];
  const triggers: (readonly [string, string])[] = Array.isArray(event.trigger)
    ? stringsOf(event.trigger).map(([t, trigger]) => [`${base}.trigger[${t}]`, trigger] as const)
    : typeof event.trigger === 'string'
      ? [[`${base}.trigger`, event.trigger]]
      : [];
  for (const [path, trigger] of triggers) {
    if (trigger === 'load') continue;
    const [componentId, eventName, extra] = trigger.split('.');
    if (componentId === undefined || eventName === undefined || extra !== undefined) {
      issues.push({ path, message: 'expected "componentId.event" such as "run.click", or "load"', value: trigger });
      continue;
    }
    if (components && !components.has(componentId)) {
      issues.push({ path, message: `unknown component; expected ${knownNames([...components])}`, value: trigger });
    }
    if (!(TRIGGERS as readonly string[]).includes(eventName)) {
      issues.push({ path, message: `unknown event; expected one of ${TRIGGERS.join(', ')}`, value: trigger });
    }
  }
  return issues;
}
