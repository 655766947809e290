/**
 * A remark plugin for after remark-math, with two rules for dollars:
 *
 * - `$5 and $10` is money, not math. Single-dollar inline math follows Pandoc's rule: the text
 *   inside may not start or end with a space, and the closing `$` may not be followed by a digit;
 *   anything else goes back to the text it was written as.
 * - `$$…$$` alone in a paragraph is display math, as in Gradio (its default delimiter is
 *   `$$` with `display: true`), also when written on one line, as chat models often do
 *   (remark-math displays only `$$` on lines of their own).
 */

interface Point {
  offset?: number;
}

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
  position?: { start: Point; end: Point };
  data?: unknown;
}

/** A display-math node as remark-math builds one: it says itself how it becomes HTML (`<pre><code class="math-display">`). */
function displayMath(value: string): MdNode {
  const code = {
    type: 'element',
    tagName: 'code',
    properties: { className: ['language-math', 'math-display'] },
    children: [{ type: 'text', value }],
  };
  return { type: 'math', value, data: { hName: 'pre', hChildren: [code] } };
}

function raw(node: MdNode, source: string): string | null {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? null : source.slice(start, end);
}

function isMath(node: MdNode, source: string): boolean {
  const text = raw(node, source);
  if (text === null || text.startsWith('$$')) return true;
  const inner = text.slice(1, -1);
  const after = source.slice(node.position?.end.offset ?? 0).charAt(0);
  return inner !== '' && inner.trim() === inner && !/\d/.test(after);
}

/** The one `$$…$$` a paragraph holds (spaces around it aside), else null. */
function soleDisplayMath(paragraph: MdNode, source: string): MdNode | null {
  const parts = (paragraph.children ?? []).filter((c) => !(c.type === 'text' && (c.value ?? '').trim() === ''));
  const only = parts.length === 1 ? parts[0] : undefined;
  return only?.type === 'inlineMath' && raw(only, source)?.startsWith('$$') ? only : null;
}

function guard(parent: MdNode, source: string): void {
  const children = parent.children;
  if (!children) return;
  parent.children = children.map((child): MdNode => {
    if (child.type === 'inlineMath' && !isMath(child, source)) return { type: 'text', value: raw(child, source) ?? '' };
    const display = child.type === 'paragraph' ? soleDisplayMath(child, source) : null;
    if (display) return displayMath(display.value ?? '');
    guard(child, source);
    return child;
  });
}

export function remarkDollarGuard() {
  return (tree: MdNode, file: { value: unknown }): void => guard(tree, String(file.value));
}
