import { LAYOUT_TYPES } from './schema-ui.js';
import { asArray, asRecord, type JsonRecord } from './raw-json.js';
import { formatLongPath, formatPath, type ProjectIssue } from './validation-error.js';

/**
 * Checks that run on raw JSON before anything recursive touches it. JSON.parse reads a value nested
 * 100,000 levels deep without trouble, but the schema (recursive zod types), normalize and the
 * reference walks recurse once per level and overflow the stack some 700 levels down. These walks
 * use an explicit stack, so they never overflow, and they refuse input far deeper than any real
 * project before the recursive passes run. They also find `__proto__` keys, which a plain object
 * copy would turn into a prototype instead of a key.
 */

/** Arrays and objects inside one another, the whole file counted (the file itself is level 0). */
export const MAX_JSON_DEPTH = 256;
/** Layouts inside layouts (`children`), and events chained with `then` after one another. */
export const MAX_NESTING = 64;
/** Depth problems listed before the walk stops: one is enough to act on, a hundred is noise. */
const MAX_DEPTH_ISSUES = 5;

interface Frame {
  readonly value: unknown;
  readonly depth: number;
  readonly key: PropertyKey | undefined;
  readonly parent: Frame | undefined;
}

function pathOf(frame: Frame): PropertyKey[] {
  const keys: PropertyKey[] = [];
  for (let at: Frame | undefined = frame; at?.key !== undefined; at = at.parent) keys.push(at.key);
  return keys.reverse();
}

/** Depth-first over every value in document order; `visit` returns false to skip a value's children. */
function walk(root: unknown, visit: (frame: Frame) => boolean): void {
  const stack: Frame[] = [{ value: root, depth: 0, key: undefined, parent: undefined }];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    if (!visit(frame)) continue;
    const { value, depth } = frame;
    const entries: [PropertyKey, unknown][] = Array.isArray(value)
      ? value.map((item, i): [PropertyKey, unknown] => [i, item])
      : value !== null && typeof value === 'object'
        ? Object.entries(value)
        : [];
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] ?? [];
      if (key !== undefined) stack.push({ value: child, depth: depth + 1, key, parent: frame });
    }
  }
}

/** Values nested deeper than MAX_JSON_DEPTH, each reported where it crosses the limit. */
export function depthIssues(root: unknown): ProjectIssue[] {
  const issues: ProjectIssue[] = [];
  walk(root, (frame) => {
    if (issues.length >= MAX_DEPTH_ISSUES) return false;
    if (frame.depth <= MAX_JSON_DEPTH) return true;
    issues.push({
      path: formatLongPath(pathOf(frame)),
      message:
        `nested too deep: more than ${MAX_JSON_DEPTH} levels of arrays and objects (the limit; ` +
        'real projects need a handful). Flatten this value',
    });
    return false;
  });
  return issues;
}

/** Own `__proto__` keys anywhere (JSON.parse makes them plain keys; an object copy would not). */
export function reservedKeyIssues(root: unknown): ProjectIssue[] {
  const issues: ProjectIssue[] = [];
  walk(root, (frame) => {
    if (frame.key === '__proto__') {
      issues.push({
        path: formatPath(pathOf(frame)),
        message: 'reserved name: "__proto__" cannot be a key in project.json; remove it or rename it',
      });
      return false;
    }
    return true;
  });
  return issues;
}

/** A copy without `__proto__` keys, so the schema sees the rest as it is (the keys are reported). */
export function withoutReservedKeys(root: unknown): unknown {
  // A JSON.parse reviver that returns undefined deletes the own property it was given.
  return JSON.parse(JSON.stringify(root), (key, value: unknown) => (key === '__proto__' ? undefined : value));
}

interface Nesting {
  readonly list: unknown;
  readonly path: readonly PropertyKey[];
  readonly level: number;
}

/**
 * The first node deeper than MAX_NESTING levels, where `nested(node)` says whether a node counts as
 * a level and `key` holds the list of the nodes inside it. `start`: the lists at level 1.
 */
function nestingIssue(start: readonly Nesting[], key: string, nested: (node: JsonRecord) => boolean, what: string): ProjectIssue[] {
  const stack = [...start].reverse();
  for (let at = stack.pop(); at; at = stack.pop()) {
    const inner: Nesting[] = [];
    for (const [i, item] of (asArray(at.list) ?? []).entries()) {
      const node = asRecord(item);
      if (!node || !nested(node)) continue;
      if (at.level > MAX_NESTING) {
        const message = `${what} nested more than ${MAX_NESTING} levels deep (the limit; real projects need a handful); flatten them`;
        return [{ path: formatLongPath([...at.path, i]), message }];
      }
      inner.push({ list: node[key], path: [...at.path, i, key], level: at.level + 1 });
    }
    stack.push(...inner.reverse());
  }
  return [];
}

/** Layouts and chained events nested past MAX_NESTING, so the recursive passes stay far from the stack's end. */
export function nestingIssues(project: JsonRecord): ProjectIssue[] {
  const ui = asRecord(project.ui);
  if (!ui) return [];
  const layouts = nestingIssue(
    [{ list: ui.children, path: ['ui', 'children'], level: 1 }],
    'children',
    (node) => asArray(node.children) !== undefined,
    'layouts',
  );
  const chains = (asArray(ui.events) ?? []).map((event, i) => ({
    list: asRecord(event)?.then,
    path: ['ui', 'events', i, 'then'],
    level: 1,
  }));
  return [...layouts, ...nestingIssue(chains, 'then', () => true, 'events chained with "then"')];
}

/** Whether a raw Blocks node is a layout (its `type` is one), as the schema tells them apart. */
export function isLayoutType(type: unknown): boolean {
  return (LAYOUT_TYPES as readonly unknown[]).includes(type);
}
