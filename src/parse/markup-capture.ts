/**
 * Collects what is inside a text construct (`<description>`, Atom `<content type="xhtml">`…):
 * its decoded text when it holds only text, else its child elements serialized back to HTML,
 * namespace prefixes dropped (`<xhtml:p>` → `<p>`), so a reader gets the markup in order.
 */

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

export class MarkupCapture {
  private plain = '';
  private html = '';
  private depth = 0;
  private hasElements = false;

  open(rawName: string, attrs: Record<string, string>): void {
    this.depth++;
    // Text is only escaped once markup shows up: most constructs never hold any.
    if (!this.hasElements) this.html = escapeText(this.plain);
    this.hasElements = true;
    this.html += `<${localName(rawName)}${serializeAttrs(attrs)}>`;
  }

  /** Returns false when this closes the construct itself (not one of its children). */
  close(rawName: string): boolean {
    if (this.depth === 0) return false;
    this.depth--;
    const name = localName(rawName);
    if (!VOID_ELEMENTS.has(name)) this.html += `</${name}>`;
    return true;
  }

  text(text: string): void {
    if (this.hasElements) this.html += escapeText(text);
    else this.plain += text;
  }

  finish(): { text: string; markup: boolean } {
    return this.hasElements ? { text: this.html, markup: true } : { text: this.plain, markup: false };
  }
}

function localName(qualified: string): string {
  const lower = qualified.toLowerCase();
  return lower.slice(lower.indexOf(':') + 1);
}

function serializeAttrs(attrs: Record<string, string>): string {
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    const lower = name.toLowerCase();
    if (lower === 'xmlns' || lower.startsWith('xmlns:')) continue;
    const local = lower.startsWith('xml:') ? lower : localName(lower);
    out += ` ${local}="${value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}"`;
  }
  return out;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
