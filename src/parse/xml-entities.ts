/**
 * XML knows five named entities; feeds written by HTML templates use hundreds (`&nbsp;`,
 * `&eacute;`) and bare ampersands. Map them to what a strict XML parser accepts, using the HTML
 * entity table of the `entities` package. Entities a document declares itself are expanded only
 * through the bounded table of dtd-entities.ts; anything else unknown stays literal text.
 */
import { decodeHTMLStrict } from 'entities';

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
/**
 * Where feeds' entity sets (XHTML 1.0, HTML 4, the RSS 0.91 DTD) differ from HTML5's table: HTML5
 * moved `&lang;`/`&rang;` to the mathematical angle brackets, XHTML defines them as U+2329/U+232A.
 */
const XHTML1_ENTITIES: ReadonlyMap<string, string> = new Map([['lang', '&#9001;'], ['rang', '&#9002;']]);

/**
 * C1 control characters (U+0080–U+009F) in a feed are windows-1252 punctuation that a Latin-1
 * decoding or a `&#146;` reference left behind; HTML reads them as windows-1252 does (`’`, `€`, `—`).
 * The five code points windows-1252 leaves undefined are dropped.
 */
const WINDOWS_1252_C1 = '€\u0000‚ƒ„…†‡ˆ‰Š‹Œ\u0000Ž\u0000\u0000‘’“”•–—˜™š›œ\u0000žŸ';
const C1_CONTROLS = /[\u0080-\u009F]/g;

export function mapC1Controls(text: string): string {
  return text.replace(C1_CONTROLS, (char) => windows1252Char(char.charCodeAt(0)));
}

function windows1252Char(code: number): string {
  const mapped = WINDOWS_1252_C1[code - 0x80] ?? '';
  return mapped === '\u0000' ? '' : mapped;
}

/** Looks up a name the document declared in its DTD (see dtd-entities.ts). */
export type DeclaredEntities = (name: string) => string | undefined;
const NONE_DECLARED: DeclaredEntities = () => undefined;
// An ampersand and what follows it: a decimal or hex reference, a named reference, or nothing valid.
// The five XML entities, by far the most common, are skipped by the lookahead: no callback for them.
const AMPERSAND = /&(?!(?:amp|lt|gt|quot|apos);)(?:#(\d{1,8});|#[xX]([0-9a-fA-F]{1,8});|([A-Za-z][A-Za-z0-9]{0,31});)?/g;
// Sections whose text is not markup: their ampersands are literal and must be left alone.
const VERBATIM = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;

export function mapEntitiesOutsideCdata(xml: string, declared: DeclaredEntities = NONE_DECLARED): string {
  let out = '';
  let last = 0;
  for (const match of xml.matchAll(VERBATIM)) {
    out += mapEntities(xml.slice(last, match.index), declared) + match[0];
    last = match.index + match[0].length;
  }
  return out + mapEntities(xml.slice(last), declared);
}

export function mapEntities(text: string, declared: DeclaredEntities = NONE_DECLARED): string {
  if (!text.includes('&')) return text;
  return text.replace(AMPERSAND, (whole: string, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined) return mapCharRef(whole, Number.parseInt(dec, 10));
    if (hex !== undefined) return mapCharRef(whole, Number.parseInt(hex, 16));
    if (name !== undefined) return mapNamedEntity(whole, name, declared);
    return '&amp;';
  });
}

function mapNamedEntity(whole: string, name: string, declared: DeclaredEntities): string {
  if (XML_ENTITIES.has(name)) return whole;
  // A declared value is text whose own references are only HTML or character ones (never re-expanded).
  const value = declared(name);
  if (value !== undefined) return mapEntities(value);
  const xhtml = XHTML1_ENTITIES.get(name);
  if (xhtml) return xhtml;
  const decoded = decodeHTMLStrict(whole);
  // Unknown names (including ones a DOCTYPE tried to define) become literal text, never expanded.
  if (decoded === whole) return `&amp;${name};`;
  return Array.from(decoded, (char) => `&#${char.codePointAt(0) ?? 0xfffd};`).join('');
}

/** A character reference XML can carry as it is; a C1 one as HTML reads it; an illegal one dropped. */
function mapCharRef(whole: string, code: number): string {
  if (code >= 0x80 && code <= 0x9f) {
    const char = windows1252Char(code);
    return char === '' ? '' : `&#${char.codePointAt(0) ?? 0};`;
  }
  return isXmlChar(code) ? whole : '';
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}
