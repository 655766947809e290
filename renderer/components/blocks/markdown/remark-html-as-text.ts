/**
 * A remark plugin: raw HTML in Markdown is shown as the text it is. A model that writes
 * "use the <br> tag" or "<script>alert(1)</script>" gets exactly that on screen: nothing is parsed
 * as HTML (react-markdown would drop it, losing words) and nothing can run.
 */

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

/** Parents whose children are blocks: HTML there becomes a paragraph; elsewhere it is inline text. */
const FLOW_PARENTS = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);

function convert(parent: MdNode): void {
  const children = parent.children;
  if (!children) return;
  parent.children = children.map((child): MdNode => {
    if (child.type !== 'html') {
      convert(child);
      return child;
    }
    const text: MdNode = { type: 'text', value: child.value ?? '' };
    return FLOW_PARENTS.has(parent.type) ? { type: 'paragraph', children: [text] } : text;
  });
}

export function remarkHtmlAsText() {
  return (tree: MdNode): void => convert(tree);
}
