import type { ChainedEventDefinition, EventDefinition } from './schema-ui.js';
import { TRIGGERS } from './schema-ui.js';
import { knownNames, type ProjectIssue } from './validation-error.js';

/** What a Blocks event may refer to. */
export interface EventScope {
  readonly functions: readonly string[];
  /** Component ids (a layout's id is only for the layout itself). */
  readonly components: ReadonlySet<string>;
}

/**
 * Reference checks of Blocks events and of the events chained after them (`then`, any depth):
 * functions, trigger components and event names, input and output components. Issues name the
 * JSON path, e.g. `$.ui.events[0].then[1].fn`.
 */
export function checkEventReferences(events: readonly EventDefinition[], scope: EventScope): ProjectIssue[] {
  const issues: ProjectIssue[] = [];
  const componentIds = [...scope.components];
  const checkFn = (fn: string, path: string): void => {
    if (!scope.functions.includes(fn)) {
      issues.push({ path, message: `unknown function; expected ${knownNames(scope.functions)}`, value: fn });
    }
  };
  const checkComponents = (event: ChainedEventDefinition | EventDefinition, base: string): void => {
    for (const key of ['inputs', 'outputs'] as const) {
      event[key].forEach((ref, j) => {
        if (!scope.components.has(ref)) {
          issues.push({
            path: `${base}.${key}[${j}]`,
            message: `unknown component; expected ${knownNames(componentIds)} (give the component an "id")`,
            value: ref,
          });
        }
      });
    }
  };
  const checkChain = (chain: readonly ChainedEventDefinition[], base: string): void => {
    chain.forEach((next, k) => {
      const at = `${base}.then[${k}]`;
      checkFn(next.fn, `${at}.fn`);
      checkComponents(next, at);
      checkChain(next.then, at);
    });
  };
  events.forEach((event, i) => {
    const base = `$.ui.events[${i}]`;
    checkFn(event.fn, `${base}.fn`);
    issues.push(...checkTriggers(event, base, scope.components, componentIds));
    checkComponents(event, base);
    checkChain(event.then, base);
  });
  return issues;
}

function checkTriggers(
  event: EventDefinition,
  base: string,
  components: ReadonlySet<string>,
  componentIds: readonly string[],
): ProjectIssue[] {
  const issues: ProjectIssue[] = [];
  const triggers = Array.isArray(event.trigger) ? event.trigger : [event.trigger];
  triggers.forEach((trigger, t) => {
    const path = Array.isArray(event.trigger) ? `${base}.trigger[${t}]` : `${base}.trigger`;
    if (trigger === 'load') return;
    const [componentId, eventName, extra] = trigger.split('.');
    if (componentId === undefined || eventName === undefined || extra !== undefined) {
      issues.push({ path, message: 'expected "componentId.event" such as "run.click", or "load"', value: trigger });
      return;
    }
    if (!components.has(componentId)) {
      issues.push({ path, message: `unknown component; expected ${knownNames(componentIds)}`, value: trigger });
    }
    if (!(TRIGGERS as readonly string[]).includes(eventName)) {
      issues.push({ path, message: `unknown event; expected one of ${TRIGGERS.join(', ')}`, value: trigger });
    }
  });
  return issues;
}
