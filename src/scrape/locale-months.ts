/**
 * Month names of any locale Node's ICU knows (`ru`, `pl`, `tr`, …), folded like date text is: what
 * `scrape.locale` adds to the built-in English/French/German/Spanish/Portuguese/Italian/Dutch table.
 * Both the standalone and the "day month" (genitive: `апреля`, `kwietnia`) forms are read.
 */
const cache = new Map<string, ReadonlyMap<string, number>>();

export function localeMonths(locale: string): ReadonlyMap<string, number> {
  const cached = cache.get(locale);
  if (cached) return cached;
  const names = new Map<string, number>();
  try {
    for (const style of ['long', 'short'] as const) {
      const standalone = new Intl.DateTimeFormat(locale, { month: style, timeZone: 'UTC' });
      const withDay = new Intl.DateTimeFormat(locale, { day: 'numeric', month: style, timeZone: 'UTC' });
      for (let month = 1; month <= 12; month++) {
        const date = new Date(Date.UTC(2024, month - 1, 17));
        add(names, standalone.format(date), month);
        add(names, withDay.formatToParts(date).find((p) => p.type === 'month')?.value ?? '', month);
      }
    }
  } catch {
    // An unknown locale adds nothing: the built-in table still applies.
  }
  cache.set(locale, names);
  return names;
}

function add(names: Map<string, number>, name: string, month: number): void {
  const folded = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\.$/, '').trim();
  if (folded && !/^\d+$/.test(folded)) names.set(folded, month);
}
