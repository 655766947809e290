import { checkEventReferences, type EventScope } from './event-references.js';
import { isLayoutType } from './json-limits.js';
import { asArray, asRecord, asString, hasName, stringsOf, type JsonRecord } from './raw-json.js';
import { formatPath, knownNames, type ProjectIssue } from './validation-error.js';

/** Ids of the Submit and Clear buttons that normalize() adds to an Interface. */
export const INTERFACE_BUTTON_IDS = ['__submit', '__clear'] as const;

/**
 * Cross-reference checks the schema cannot express: every name an event, function or UI uses must
 * exist, ids are unique, and compositions do not loop. They read the raw (migrated) JSON, not the
 * parsed project, so they run even where the schema failed elsewhere: a wrong `queue.maxSize` does
 * not hide an event that names a missing function. A value of the wrong type is skipped here (the
 * schema reports it), and a section that is not an object (`functions: []`) makes its names
 * unknown, so nothing is reported as missing from it.
 */
export function checkReferences(project: JsonRecord): ProjectIssue[] {
  const functions = asRecord(project.functions);
  // `models` may be left out (it defaults to none); `functions` may not.
  const models = project.models === undefined ? {} : asRecord(project.models);
  const issues: ProjectIssue[] = [];
  if (functions) {
    issues.push(...checkFunctions(functions, models), ...checkCycles(functions));
  }
  const ui = asRecord(project.ui);
  const functionNames = functions ? Object.keys(functions) : undefined;
  if (ui?.type === 'interface') issues.push(...checkInterface(ui, functionNames));
  if (ui?.type === 'blocks') issues.push(...checkBlocks(ui, functionNames));
  return issues;
}

/** Functions that call functions (parallel, chain): their raw `functions` list. */
function calls(fn: unknown): (readonly [number, string])[] {
  const record = asRecord(fn);
  return record?.kind === 'parallel' || record?.kind === 'chain' ? stringsOf(record.functions) : [];
}

function checkFunctions(functions: JsonRecord, models: JsonRecord | undefined): ProjectIssue[] {
  const issues: ProjectIssue[] = [];
  const functionNames = Object.keys(functions);
  for (const [name, fn] of Object.entries(functions)) {
    const record = asRecord(fn);
    const model = record?.kind === 'model' ? asString(record.model) : undefined;
    if (models && model !== undefined && !hasName(models, model)) {
      issues.push({
        path: formatPath(['functions', name, 'model']),
        message: `unknown model; expected ${knownNames(Object.keys(models))} (add it under "models")`,
        value: model,
      });
    }
    for (const [i, ref] of calls(fn)) {
      if (!hasName(functions, ref)) {
        issues.push({
          path: formatPath(['functions', name, 'functions', i]),
          message: `unknown function; expected ${knownNames(functionNames)}`,
          value: ref,
        });
      }
    }
  }
  return issues;
}

function checkInterface(ui: JsonRecord, functionNames: readonly string[] | undefined): ProjectIssue[] {
  const issues: ProjectIssue[] = [];
  const fn = asString(ui.fn);
  if (functionNames && fn !== undefined && !functionNames.includes(fn)) {
    issues.push({ path: '$.ui.fn', message: `unknown function; expected ${knownNames(functionNames)}`, value: fn });
  }
  // Inputs default to none; inputs of the wrong type leave the row length unknown.
  const inputs = ui.inputs === undefined ? [] : asArray(ui.inputs);
  asArray(ui.examples)?.forEach((row, i) => {
    if (inputs && Array.isArray(row) && row.length !== inputs.length) {
      issues.push({ path: `$.ui.examples[${i}]`, message: `an example needs one value per input (${inputs.length})`, value: row });
    }
  });
  // One id space for inputs and outputs; the Interface's own buttons take two reserved ids.
  const ids = new Map<string, string>();
  collectIds(ui.inputs, '$.ui.inputs', ids, issues);
  collectIds(ui.outputs, '$.ui.outputs', ids, issues);
  for (const reserved of INTERFACE_BUTTON_IDS) {
    const at = ids.get(reserved);
    if (at !== undefined) {
      issues.push({ path: `${at}.id`, message: "reserved for the Interface's own button; choose another id", value: reserved });
    }
  }
  return issues;
}

function checkBlocks(ui: JsonRecord, functionNames: readonly string[] | undefined): ProjectIssue[] {
  const issues: ProjectIssue[] = [];
  const components = new Set<string>();
  collectIds(ui.children, '$.ui.children', new Map(), issues, components);
  // Without a tree (children of the wrong type) component names are unknown, not missing.
  const scope: EventScope = {
    ...(functionNames ? { functions: functionNames } : {}),
    ...(asArray(ui.children) ? { components } : {}),
  };
  issues.push(...checkEventReferences(ui.events, scope));
  return issues;
}

/**
 * Records every id with where it is (reporting duplicates); component ids also go to `components`.
 * Recursive: json-limits.ts has already refused layouts nested past MAX_NESTING.
 */
function collectIds(nodes: unknown, path: string, ids: Map<string, string>, issues: ProjectIssue[], components?: Set<string>): void {
  asArray(nodes)?.forEach((item, i) => {
    const node = asRecord(item);
    if (!node) return;
    const here = `${path}[${i}]`;
    const children = asArray(node.children);
    const id = asString(node.id);
    if (id !== undefined) {
      const first = ids.get(id);
      if (first !== undefined) {
        issues.push({ path: `${here}.id`, message: `duplicate id, first used at ${first}`, value: id });
      } else {
        ids.set(id, here);
        // A layout's id names the layout only: events cannot read from it or write to it.
        if (!isLayoutType(node.type) && !children) components?.add(id);
      }
    }
    if (children) collectIds(children, `${here}.children`, ids, issues, components);
  });
}

/** "a -> b -> a"; a loop through hundreds of functions shows its ends. */
function loop(names: readonly string[]): string {
  const shown = names.length > 12 ? [...names.slice(0, 6), `…(${names.length - 12} more)…`, ...names.slice(-6)] : names;
  return shown.join(' -> ');
}

/** Depth-first search over parallel/chain references; reports each cycle once. */
function checkCycles(functions: JsonRecord): ProjectIssue[] {
  const issues: ProjectIssue[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  // Iterative: a chain of thousands of compositions (a flat, shallow file) must not overflow the stack.
  const stack: { name: string; refs: (readonly [number, string])[]; next: number }[] = [];
  const enter = (name: string): void => {
    if (!hasName(functions, name) || state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const names = stack.map((frame) => frame.name);
      const cycle = [...names.slice(names.indexOf(name)), name];
      issues.push({ path: formatPath(['functions', name]), message: `functions call each other in a loop: ${loop(cycle)}` });
      return;
    }
    state.set(name, 'visiting');
    stack.push({ name, refs: calls(functions[name]), next: 0 });
  };
  for (const start of Object.keys(functions)) {
    enter(start);
    for (let top = stack.at(-1); top; top = stack.at(-1)) {
      const ref = top.refs[top.next++];
      if (ref) {
        enter(ref[1]);
      } else {
        state.set(top.name, 'done');
        stack.pop();
      }
    }
  }
  return issues;
}
