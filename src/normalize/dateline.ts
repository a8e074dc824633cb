/**
 * Datelines: where a story was filed, and for whom, at the head of its first paragraph.
 *   `Paris / La Gazette`            (a whole paragraph: place / credit)
 *   `PARIS (AFP) - …`               `Paris, 17 avril (Reuters) - …`
 *   `LONDON, April 17 (Reuters) - …`  `WASHINGTON — …` (an all-caps place and a dash)
 */

export interface DatelineMatch {
  /** The place, title-cased: `Paris`, `New York`, `Rio de Janeiro`. */
  dateline: string;
  /** The agency or outlet credited (`AFP`, `La Gazette`), when the dateline names one. */
  credit: string | null;
  /** How many characters of the text the dateline (and its dash) take, leading spaces included. */
  length: number;
  /** True when the dateline is the whole paragraph. */
  whole: boolean;
}

const PARTICLES = 'de|du|des|la|le|les|di|da|do|dos|das|del|della|el|al|von|van|der|den|am|im|an|sur|en|on|upon|of|y';
// A place in normal case: capitalised words, with lowercase particles between them ("Rio de Janeiro").
const PLACE = `\\p{Lu}[\\p{L}\\p{M}'’.-]*(?:[ \\u00A0]+(?:(?:${PARTICLES})[ \\u00A0]+)?\\p{Lu}[\\p{L}\\p{M}'’.-]*){0,4}`;
// A place in capitals: "WASHINGTON", "RIO DE JANEIRO", "SAINT-DENIS", "L'AQUILA".
const CAPS_PLACE = `\\p{Lu}[\\p{Lu}\\p{M}'’.-]*(?:[ \\u00A0]+\\p{Lu}[\\p{Lu}\\p{M}'’.-]*){0,4}`;
const AGENCY = `[\\p{L}\\p{N}][\\p{L}\\p{N} .&/'’+-]{0,39}`;
const DATE_PART = `(?:\\s*,\\s*[^()\\n–—]{1,40}?)?`;

const WITH_AGENCY = new RegExp(`^\\s*(${PLACE})${DATE_PART}\\s*\\((${AGENCY})\\)\\s*(?:[-–—]+|:)\\s*(?=\\S)`, 'u');
const CAPS_WITH_DASH = new RegExp(`^\\s*(${CAPS_PLACE})${DATE_PART}(?:\\s+[-–]{1,2}\\s+|\\s*—\\s*)(?=[\\p{L}\\p{N}"«“'])`, 'u');
const WHOLE_WITH_AGENCY = new RegExp(`^\\s*(${PLACE})${DATE_PART}\\s*\\((${AGENCY})\\)\\s*[-–—:]?\\s*$`, 'u');
const WHOLE_PLACE_CREDIT = new RegExp(`^\\s*(${PLACE})\\s*[/|]\\s*([\\p{L}\\p{N}][^\\n/|]{0,59}?)\\s*$`, 'u');

/** Openers that are labels or site sections ("Monde / Europe" is a breadcrumb), not places. */
const NOT_PLACES = new Set([
  'MONDE', 'WORLD', 'POLITIQUE', 'POLITICS', 'INTERNATIONAL', 'ÉCONOMIE', 'ECONOMIE', 'ECONOMY', 'BUSINESS',
  'SPORT', 'SPORTS', 'CULTURE', 'SOCIÉTÉ', 'SOCIETE', 'SOCIETY', 'TECH', 'TECHNOLOGY', 'SCIENCE', 'SCIENCES',
  'SANTÉ', 'HEALTH', 'ACCUEIL', 'HOME', 'ACTUALITÉ', 'ACTUALITÉS', 'ACTUALITES', 'RÉGIONS', 'REGIONS',
  'FAITS DIVERS', 'PEOPLE', 'MÉDIAS', 'MEDIA', 'OPINIONS', 'BLOGS', 'VIDÉOS', 'VIDEOS', 'DIAPORAMA',
  'UPDATE', 'UPDATED', 'BREAKING', 'BREAKING NEWS', 'EXCLUSIVE', 'EXCLUSIF', 'URGENT', 'ALERT', 'ALERTE', 'FLASH',
  'VIDEO', 'VIDÉO', 'PHOTO', 'PHOTOS', 'LIVE', 'DIRECT', 'EN DIRECT', 'OPINION', 'ANALYSIS', 'ANALYSE',
  'EDITORIAL', 'ÉDITORIAL', 'CORRECTION', 'CORRECTED', 'REFILE', 'INSIGHT', 'FACTBOX', 'EXPLAINER',
  'INTERVIEW', 'ENTRETIEN', 'INFO', 'TRIBUNE', 'REPORTAGE', 'ENQUÊTE', 'RÉCIT', 'DÉCRYPTAGE', 'PODCAST',
  'WATCH', 'READ', 'NEW', 'NEWS', 'AFP', 'AP', 'UPI', 'DPA', 'EFE', 'ANSA', 'REUTERS', 'FILE', 'OFFICIAL',
]);
const MAX_PLACE_CHARS = 40;

export function detectDateline(text: string): DatelineMatch | null {
  const whole = WHOLE_WITH_AGENCY.exec(text) ?? WHOLE_PLACE_CREDIT.exec(text);
  if (whole?.[1] && isPlace(whole[1])) {
    return { dateline: formatPlace(whole[1]), credit: cleanCredit(whole[2]), length: text.length, whole: true };
  }
  const agency = WITH_AGENCY.exec(text);
  if (agency?.[1] && isPlace(agency[1])) {
    return { dateline: formatPlace(agency[1]), credit: cleanCredit(agency[2]), length: agency[0].length, whole: false };
  }
  const caps = CAPS_WITH_DASH.exec(text);
  if (caps?.[1] && isPlace(caps[1]) && !/\p{Ll}/u.test(caps[1])) {
    return { dateline: formatPlace(caps[1]), credit: null, length: caps[0].length, whole: false };
  }
  return null;
}

function isPlace(place: string): boolean {
  const trimmed = place.trim().replace(/[.,]+$/, '');
  const letters = trimmed.match(/\p{L}/gu)?.length ?? 0;
  return letters >= 2 && trimmed.length <= MAX_PLACE_CHARS && !NOT_PLACES.has(trimmed.toUpperCase());
}

function cleanCredit(credit: string | undefined): string | null {
  const trimmed = credit?.trim().replace(/[.,:;]+$/, '');
  return trimmed ? trimmed : null;
}

/** "RIO DE JANEIRO" → "Rio de Janeiro", "L'AQUILA" → "L'Aquila"; mixed-case places stay as written. */
export function formatPlace(place: string): string {
  const trimmed = place.trim().replace(/[\s\u00A0]+/g, ' ').replace(/[,]+$/, '');
  if (/\p{Ll}/u.test(trimmed)) return trimmed;
  const particles = new Set(PARTICLES.split('|'));
  return trimmed
    .split(' ')
    .map((word, index) => {
      const lower = word.toLowerCase();
      if (index > 0 && particles.has(lower)) return lower;
      return capitalizeWord(lower);
    })
    .join(' ');
}

/** Capitalises each hyphenated part, and the part after a one-letter elision (l', d'). */
function capitalizeWord(word: string): string {
  const parts = word.split(/(['’-])/);
  return parts
    .map((part, i) => {
      const separator = parts[i - 1];
      const afterElision = (separator === "'" || separator === '’') && (parts[i - 2]?.length ?? 0) === 1;
      return i === 0 || separator === '-' || afterElision ? capitalize(part) : part;
    })
    .join('');
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
