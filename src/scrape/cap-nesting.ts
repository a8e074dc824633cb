/**
 * Pages nested deeper than any real article (100,000 `<div>`s, thousands of unclosed `<b>`) are
 * flattened before any parser sees them, as the XML reader caps its depth: tags past the cap are
 * dropped and their text kept. One linear pass; pages within the cap come back unchanged.
 */

export const MAX_HTML_DEPTH = 256;

const TAG = /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)(?:[^>"']|"[^"]*"|'[^']*')*>/g;
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'command']);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noscript', 'iframe', 'noembed', 'noframes', 'plaintext']);
/** Opening one of these closes an open element of the same name (`<li>` after `<li>`). */
const SELF_CLOSING_SIBLINGS = new Set(['p', 'li', 'dt', 'dd', 'option', 'tr', 'td', 'th']);

export function capNesting(html: string, maxDepth = MAX_HTML_DEPTH): string {
  const stack: string[] = [];
  const dropped = new Map<string, number>();
  const out: string[] = [];
  let last = 0;
  let changed = false;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    const name = m[2]?.toLowerCase();
    if (!name) continue;
    let drop = false;
    if (m[1] === '/') drop = close(stack, dropped, name);
    else if (!VOID.has(name) && !m[0].endsWith('/>')) {
      openSibling(stack, name);
      if (stack.length >= maxDepth) {
        dropped.set(name, (dropped.get(name) ?? 0) + 1);
        drop = true;
      } else stack.push(name);
      if (RAW_TEXT.has(name)) TAG.lastIndex = skipRawText(html, TAG.lastIndex, name);
    }
    if (drop) {
      out.push(html.slice(last, m.index));
      last = m.index + m[0].length;
      changed = true;
    }
  }
  if (!changed) return html;
  out.push(html.slice(last));
  return out.join('');
}

/** True when the closing tag belongs to a dropped element (the innermost ones close first). */
function close(stack: string[], dropped: Map<string, number>, name: string): boolean {
  const n = dropped.get(name) ?? 0;
  if (n > 0) {
    dropped.set(name, n - 1);
    return true;
  }
  const at = stack.lastIndexOf(name);
  if (at >= 0) stack.length = at;
  return false;
}

function openSibling(stack: string[], name: string): void {
  if (!SELF_CLOSING_SIBLINGS.has(name)) return;
  const top = stack.length - 1;
  if (stack[top] === name) stack.length = top;
}

/** Past the matching `</script>` (or the end): markup inside raw text is not markup. */
function skipRawText(html: string, from: number, name: string): number {
  const end = new RegExp(`</${name}\\s*>`, 'ig');
  end.lastIndex = from;
  const m = end.exec(html);
  return m ? m.index : html.length;
}
