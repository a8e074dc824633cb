/**
 * Site chrome that partner pages leave in article bodies: loaders, "read more" teasers, share
 * buttons, cookie notices. Phrases are stored lowercased, without trailing dots or colons.
 */

export interface BoilerplatePhrases {
  /** The whole line is exactly this. */
  exact: string[];
  /** The line starts with this (followed by a space, a colon or nothing) and is short. */
  prefix: string[];
}

export const BOILERPLATE_PHRASES: Readonly<Record<string, BoilerplatePhrases>> = {
  en: {
    exact: ['loading', 'share', 'share this', 'share this article', 'share this story', 'advertisement', 'see more',
      'show more', 'view more', 'more', 'related articles', 'related stories', 'subscribe', 'print', 'comments', 'back to top'],
    prefix: ['read more', 'read also', 'see also', 'also read', 'continue reading', 'click here to read',
      'sign up for our newsletter', 'we use cookies', 'this site uses cookies', 'this website uses cookies',
      'by continuing to browse', 'share on facebook', 'share on twitter'],
  },
  fr: {
    exact: ['chargement', 'chargement en cours', 'voir plus', "l'info de a à z voir plus", "l'info de a à z",
      'partager', 'partager cet article', 'publicité', 'imprimer', 'commentaires', 'sur le même sujet', 'à lire également'],
    prefix: ['lire aussi', 'à lire aussi', 'lire la suite', 'lire également', 'voir aussi', 'partager sur',
      'nous utilisons des cookies', 'ce site utilise des cookies', 'en poursuivant votre navigation'],
  },
  de: {
    exact: ['wird geladen', 'laden', 'mehr anzeigen', 'teilen', 'artikel teilen', 'anzeige', 'drucken', 'kommentare'],
    prefix: ['weiterlesen', 'mehr lesen', 'lesen sie auch', 'lesen sie mehr', 'mehr zum thema', 'auf facebook teilen',
      'wir verwenden cookies', 'diese website verwendet cookies'],
  },
  es: {
    exact: ['cargando', 'ver más', 'compartir', 'compartir este artículo', 'publicidad', 'imprimir', 'comentarios'],
    prefix: ['leer más', 'lee también', 'lea también', 'te puede interesar', 'utilizamos cookies', 'este sitio web utiliza cookies'],
  },
  pt: {
    exact: ['carregando', 'a carregar', 'ver mais', 'compartilhar', 'partilhar', 'publicidade', 'imprimir', 'comentários'],
    prefix: ['leia mais', 'leia também', 'saiba mais', 'veja também', 'utilizamos cookies', 'este site utiliza cookies', 'este site usa cookies'],
  },
  it: {
    exact: ['caricamento', 'caricamento in corso', 'vedi altro', 'mostra altro', 'condividi', 'pubblicità', 'stampa', 'commenti'],
    prefix: ['leggi anche', 'leggi di più', 'continua a leggere', 'utilizziamo i cookie', 'questo sito utilizza'],
  },
  nl: {
    exact: ['laden', 'bezig met laden', 'meer weergeven', 'delen', 'advertentie', 'reacties'],
    prefix: ['lees meer', 'lees ook', 'lees verder', 'wij gebruiken cookies', 'deze website gebruikt cookies'],
  },
};

const EXACT = new Set(Object.values(BOILERPLATE_PHRASES).flatMap((p) => p.exact.map(foldPhrase)));
const PREFIXES = [...new Set(Object.values(BOILERPLATE_PHRASES).flatMap((p) => p.prefix.map(foldPhrase)))];
/** A prefix phrase only marks a short line as chrome; a long one is a real paragraph. */
const MAX_PREFIX_LINE_CHARS = 200;

/** Lowercase, one space, plain apostrophes, no trailing dots, ellipses, colons or arrows. */
export function foldPhrase(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/[\s.…:!»›>→|-]+$/u, '')
    .replace(/^[\s«‹<←|-]+/u, '')
    .trim();
}

const MAX_PHRASE_CHARS = Math.max(MAX_PREFIX_LINE_CHARS, ...[...EXACT].map((phrase) => phrase.length));

/**
 * How many ASCII letters and digits the text has: folding (NFC/NFKC, case, spaces, edge marks)
 * keeps each of them as one character, so this bounds any folded form's length from below.
 */
export function asciiWordChars(text: string, enough: number): number {
  let n = 0;
  for (let i = 0; i < text.length && n <= enough; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) n++;
  }
  return n;
}

/** True when this one line of text is site chrome, whatever the site's language. */
export function isBoilerplate(line: string): boolean {
  // A paragraph folds to more than any phrase: no need to fold it (most lines are paragraphs).
  if (line.length > MAX_PHRASE_CHARS && asciiWordChars(line, MAX_PHRASE_CHARS) > MAX_PHRASE_CHARS) return false;
  const folded = foldPhrase(line);
  if (folded === '') return false;
  if (EXACT.has(folded)) return true;
  if (folded.length > MAX_PREFIX_LINE_CHARS) return false;
  return PREFIXES.some((prefix) => folded === prefix || (folded.startsWith(prefix) && /^[\s:]/.test(folded.slice(prefix.length))));
}
