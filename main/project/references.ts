import type { Project } from './schema.js';
import type { BlockNode, LayoutNode } from './schema-ui.js';
import { checkEventReferences } from './event-references.js';
import { knownNames, type ProjectIssue } from './validation-error.js';

/** Ids of the Submit and Clear buttons that normalize() adds to an Interface. */
export const INTERFACE_BUTTON_IDS = ['__submit', '__clear'] as const;

/**
 * Cross-reference checks the schema cannot express: every name an event, function or UI uses must
 * exist, ids are unique, and compositions do not loop. Returns every issue found.
 */
export function checkReferences(project: Project): ProjectIssue[] {
  const issues: ProjectIssue[] = [];
  const functionNames = Object.keys(project.functions);
  const modelNames = Object.keys(project.models);

  for (const [name, fn] of Object.entries(project.functions)) {
    const base = `$.functions.${name}`;
    if (fn.kind === 'model' && !(fn.model in project.models)) {
      issues.push({
        path: `${base}.model`,
        message: `unknown model; expected ${knownNames(modelNames)} (add it under "models")`,
        value: fn.model,
      });
    }
    if (fn.kind === 'parallel' || fn.kind === 'chain') {
      fn.functions.forEach((ref, i) => {
        if (!(ref in project.functions)) {
          issues.push({
            path: `${base}.functions[${i}]`,
            message: `unknown function; expected ${knownNames(functionNames)}`,
            value: ref,
          });
        }
      });
    }
  }
  issues.push(...checkCycles(project));

  const ui = project.ui;
  if (ui.type === 'interface') {
    if (!(ui.fn in project.functions)) {
      issues.push({ path: '$.ui.fn', message: `unknown function; expected ${knownNames(functionNames)}`, value: ui.fn });
    }
    ui.examples.forEach((row, i) => {
      if (row.length !== ui.inputs.length) {
        issues.push({
          path: `$.ui.examples[${i}]`,
          message: `an example needs one value per input (${ui.inputs.length})`,
          value: row,
        });
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

  const ids = new Map<string, string>();
  const components = new Set<string>();
  collectIds(ui.children, '$.ui.children', ids, issues, components);
  issues.push(...checkEventReferences(ui.events, { functions: functionNames, components }));
  return issues;
}

function isLayout(node: BlockNode): node is LayoutNode {
  return 'children' in node;
}

/** Records every id with where it is (reporting duplicates); component ids also go to `components`. */
function collectIds(
  nodes: readonly BlockNode[],
  path: string,
  ids: Map<string, string>,
  issues: ProjectIssue[],
  components?: Set<string>,
): void {
  nodes.forEach((node, i) => {
    const here = `${path}[${i}]`;
    if (node.id !== undefined) {
      const first = ids.get(node.id);
      if (first !== undefined) {
        issues.push({ path: `${here}.id`, message: `duplicate id, first used at ${first}`, value: node.id });
      } else {
        ids.set(node.id, here);
        if (!isLayout(node)) components?.add(node.id);
      }
    }
    if (isLayout(node)) collectIds(node.children, `${here}.children`, ids, issues, components);
  });
}

/** Depth-first search over parallel/chain references; reports each cycle once. */
function checkCycles(project: Project): ProjectIssue[] {
  const issues: ProjectIssue[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, stack: string[]): void => {
    const fn = project.functions[name];
    if (!fn || state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      issues.push({
        path: `$.functions.${name}`,
        message: `functions call each other in a loop: ${cycle.join(' -> ')}`,
      });
      return;
    }
    state.set(name, 'visiting');
    if (fn.kind === 'parallel' || fn.kind === 'chain') {
      for (const ref of fn.functions) visit(ref, [...stack, name]);
    }
    state.set(name, 'done');
  };
  for (const name of Object.keys(project.functions)) visit(name, []);
  return issues;
}
