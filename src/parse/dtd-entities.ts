/**
 * Simple text entities declared in a document's internal DTD subset (`<!ENTITY id "tag:x.org,">`),
 * which a few generators use for repeated strings. Only internal general entities with a quoted
 * value are read: never an external one (SYSTEM/PUBLIC), never a parameter entity (`%`). Their
 * values are text (markup in them is escaped), references between them nest a few levels at most,
 * and every bound below is small: an entity that breaks one is not defined, and its references
 * stay literal text, so entity bombs (billion laughs, quadratic blowup) cost nothing.
 */

/** Declared entities read at most (the rest are ignored). */
const MAX_ENTITIES = 64;
/** A value longer than this, as written or once expanded, is not a "simple text" entity. */
const MAX_VALUE_CHARS = 1024;
/** How deep entity values may refer to other entities. */
const MAX_DEPTH = 3;
/** Characters all references of one document may add; later references stay literal. */
export const MAX_EXPANSION_CHARS = 256 * 1024;

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
// A general entity with a literal value. `<!ENTITY % …` and `<!ENTITY x SYSTEM …` do not match.
const DECLARATION = /<!ENTITY\s+([A-Za-z_][\w.-]{0,63})\s+(?:"([^"]*)"|'([^']*)')\s*>/g;
const REFERENCE = /&([A-Za-z_][\w.-]{0,63});/g;

/** The replacement text of each usable entity, markup escaped, references to others expanded. */
export function readInternalEntities(doctype: string): Map<string, string> {
  const raw = new Map<string, string>();
  for (const match of doctype.matchAll(DECLARATION)) {
    const name = match[1] ?? '';
    const value = match[2] ?? match[3] ?? '';
    // XML: the first declaration binds; the five predefined entities cannot be redefined.
    if (raw.size >= MAX_ENTITIES || raw.has(name) || XML_ENTITIES.has(name) || value.length > MAX_VALUE_CHARS) continue;
    raw.set(name, value);
  }
  const expanded = new Map<string, string>();
  for (const name of raw.keys()) {
    const value = expand(name, raw, 0);
    if (value !== null) expanded.set(name, value);
  }
  return expanded;
}

/** An entity's value with its references to other declared entities replaced; null when over a bound. */
function expand(name: string, raw: ReadonlyMap<string, string>, depth: number): string | null {
  const value = raw.get(name);
  if (value === undefined || depth > MAX_DEPTH) return null;
  let failed = false;
  const out = escapeMarkup(value).replace(REFERENCE, (whole: string, ref: string) => {
    if (!raw.has(ref) || failed) return whole;
    const inner = ref === name ? null : expand(ref, raw, depth + 1);
    if (inner === null) failed = true;
    return inner ?? whole;
  });
  return failed || out.length > MAX_VALUE_CHARS ? null : out;
}

/** Entity values are text here: tags in them are shown, never parsed. References are kept. */
function escapeMarkup(value: string): string {
  return value.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Expands references to the declared entities in document text, within MAX_EXPANSION_CHARS. */
export function entityExpander(entities: ReadonlyMap<string, string>): (name: string) => string | undefined {
  let budget = MAX_EXPANSION_CHARS;
  return (name) => {
    const value = entities.get(name);
    if (value === undefined || value.length > budget) return undefined;
    budget -= value.length;
    return value;
  };
}
