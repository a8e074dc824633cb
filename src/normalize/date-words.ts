/**
 * Words found in dates, lowercased and without accents (`févr.` → `fevr`): months and weekdays in
 * English, French, German, Spanish, Portuguese, Italian and Dutch, fillers, and named time zones.
 */

const MONTH_NAMES: Array<[number, string[]]> = [
  [1, ['jan', 'january', 'janvier', 'janv', 'januar', 'jaenner', 'janner', 'enero', 'ene', 'janeiro', 'gennaio', 'gen', 'januari']],
  [2, ['feb', 'february', 'fevrier', 'fev', 'fevr', 'februar', 'febrero', 'fevereiro', 'febbraio', 'februari']],
  [3, ['mar', 'march', 'mars', 'marz', 'maerz', 'mrz', 'marzo', 'marco', 'maart', 'mrt']],
  [4, ['apr', 'april', 'avril', 'avr', 'abril', 'abr', 'aprile']],
  [5, ['may', 'mai', 'mayo', 'maio', 'maggio', 'mag', 'mei']],
  [6, ['jun', 'june', 'juin', 'juni', 'junio', 'junho', 'giugno', 'giu']],
  [7, ['jul', 'july', 'juillet', 'juil', 'juli', 'julio', 'julho', 'luglio', 'lug']],
  [8, ['aug', 'august', 'aout', 'agosto', 'ago', 'augustus']],
  [9, ['sep', 'sept', 'september', 'septembre', 'septiembre', 'setiembre', 'setembro', 'set', 'settembre']],
  [10, ['oct', 'october', 'octobre', 'oktober', 'okt', 'octubre', 'outubro', 'out', 'ottobre', 'ott']],
  [11, ['nov', 'november', 'novembre', 'noviembre', 'novembro']],
  [12, ['dec', 'december', 'decembre', 'dezember', 'dez', 'diciembre', 'dic', 'dezembro', 'dicembre']],
];

export const MONTHS: ReadonlyMap<string, number> = new Map(
  MONTH_NAMES.flatMap(([month, names]) => names.map((name): [string, number] => [name, month])),
);

/** Weekday names and abbreviations: ignored, they never change the date. */
export const WEEKDAYS: ReadonlySet<string> = new Set([
  'mon', 'monday', 'tue', 'tues', 'tuesday', 'wed', 'wednesday', 'thu', 'thur', 'thurs', 'thursday', 'fri', 'friday', 'sat', 'saturday', 'sun', 'sunday',
  'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche', 'lun', 'mar', 'mer', 'jeu', 'ven', 'sam', 'dim',
  'montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonnabend', 'sonntag', 'mo', 'di', 'mi', 'do', 'fr', 'sa', 'so',
  'lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado', 'domingo', 'mie', 'jue', 'vie', 'sab', 'dom',
  'segunda', 'terca', 'quarta', 'quinta', 'sexta', 'seg', 'ter', 'qua', 'qui', 'sex', 'feira',
  'lunedi', 'martedi', 'mercoledi', 'giovedi', 'venerdi', 'sabato', 'domenica', 'gio',
  'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag', 'ma', 'wo', 'vr', 'za', 'zo',
]);

/** Words that glue date parts together ("17 de abril de 2024 às 20h", "le 17 avril à 20h02"). */
export const FILLERS: ReadonlySet<string> = new Set([
  'de', 'del', 'do', 'da', 'a', 'as', 'le', 'la', 'el', 'em', 'um', 'am', 'at', 'on', 'the', 'of', 'om', 'op', 'ore', 'alle',
  'uhr', 'las', 'kl', 'klo', 'h', 'hrs', 'heures', 'horas', 'et', 'y', 'e', 'st', 'nd', 'rd', 'th', 'er', 'eme', 'o', 'den', 'der',
]);

/** Named zones, in minutes east of UTC. Ambiguous abbreviations (IST, CST-as-China…) take the usual feed meaning. */
export const ZONES: ReadonlyMap<string, number> = new Map([
  ['z', 0], ['ut', 0], ['utc', 0], ['gmt', 0], ['wet', 0],
  ['west', 60], ['bst', 60], ['cet', 60], ['met', 60], ['mez', 60], ['wat', 60],
  ['cest', 120], ['mest', 120], ['mesz', 120], ['eet', 120], ['sast', 120], ['cat', 120],
  ['eest', 180], ['msk', 180], ['eat', 180],
  ['est', -300], ['edt', -240], ['cst', -360], ['cdt', -300], ['mst', -420], ['mdt', -360],
  ['pst', -480], ['pdt', -420], ['akst', -540], ['akdt', -480], ['hst', -600],
  ['ast', -240], ['adt', -180], ['nst', -210], ['ndt', -150], ['brt', -180], ['art', -180],
  ['jst', 540], ['kst', 540], ['hkt', 480], ['sgt', 480], ['awst', 480],
  ['acst', 570], ['acdt', 630], ['aest', 600], ['aedt', 660], ['nzst', 720], ['nzdt', 780],
]);
