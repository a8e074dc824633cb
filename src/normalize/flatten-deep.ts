/**
 * Broken CMS output can leave thousands of inline tags unclosed, each nested in the one before.
 * Every tree walker (serializer, text collector) recurses once per level, so past a depth cap the
 * markup is flattened: an element at the cap keeps its text and images, not the tags around them.
 * Iterative on purpose: this is what keeps the recursive walkers after it safe.
 */
import type { AnyNode, ParentNode } from 'domhandler';

/** Far beyond real article markup (a dozen levels), far below what overflows the stack. */
export const MAX_MARKUP_DEPTH = 200;
const KEPT_LEAVES = new Set(['img', 'br']);

/** Flattens in place whatever lies deeper than `maxDepth` under `root`; returns how many elements were dropped. */
export function flattenDeepMarkup(root: ParentNode, maxDepth = MAX_MARKUP_DEPTH): number {
  let dropped = 0;
  const stack: Array<{ node: ParentNode; depth: number }> = [{ node: root, depth: 0 }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    for (const child of top.node.children) {
      if (!isParent(child)) continue;
      if (top.depth + 1 >= maxDepth) dropped += flattenInto(child);
      else stack.push({ node: child, depth: top.depth + 1 });
    }
  }
  return dropped;
}

/** Replaces `node`'s subtree by its text nodes and images, in document order. */
function flattenInto(node: ParentNode): number {
  const leaves: AnyNode[] = [];
  let dropped = 0;
  const pending: AnyNode[] = [...node.children].reverse();
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.type === 'text' || (isParent(next) && KEPT_LEAVES.has(tagName(next)))) leaves.push(next);
    else if (isParent(next)) {
      dropped += 1;
      for (let i = next.children.length - 1; i >= 0; i -= 1) pending.push(next.children[i] as AnyNode);
    }
  }
  if (dropped === 0) return 0;
  leaves.forEach((leaf, i) => {
    leaf.parent = node;
    leaf.prev = leaves[i - 1] ?? null;
    leaf.next = leaves[i + 1] ?? null;
  });
  node.children = leaves;
  return dropped;
}

function isParent(node: AnyNode): node is AnyNode & ParentNode {
  return 'children' in node;
}

function tagName(node: AnyNode): string {
  return 'name' in node ? node.name.toLowerCase() : '';
}
