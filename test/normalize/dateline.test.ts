import { describe, expect, it } from 'vitest';
import { detectDateline, formatPlace } from '../../src/normalize/dateline.js';

describe('detectDateline', () => {
  it.each([
    ['Paris / La Gazette', 'Paris', 'La Gazette', true],
    ['Rio de Janeiro | Folha Exemplo', 'Rio de Janeiro', 'Folha Exemplo', true],
    ['PARIS (AFP)', 'Paris', 'AFP', true],
    ['Paris, 17 avril (AFP) -', 'Paris', 'AFP', true],
  ])('reads the whole paragraph %j as a dateline', (text, place, credit, whole) => {
    expect(detectDateline(text)).toMatchObject({ dateline: place, credit, whole });
  });

  it.each([
    ['PARIS (AFP) - Les syndicats appellent à la grève.', 'Paris', 'AFP', 'PARIS (AFP) - '],
    ['PARIS, 17 avril (Reuters) - Le gouvernement a annoncé…', 'Paris', 'Reuters', 'PARIS, 17 avril (Reuters) - '],
    ['LONDON, April 17 (Reuters) -British inflation eased.', 'London', 'Reuters', 'LONDON, April 17 (Reuters) -'],
    ['WASHINGTON — The Senate passed the bill.', 'Washington', null, 'WASHINGTON — '],
    ['WASHINGTON—The Senate passed the bill.', 'Washington', null, 'WASHINGTON—'],
    ['NEW YORK - Stocks rose on Wednesday.', 'New York', null, 'NEW YORK - '],
    ['RIO DE JANEIRO – Chuvas fortes atingem a cidade.', 'Rio de Janeiro', null, 'RIO DE JANEIRO – '],
    ["L'AQUILA (ANSA) - Una scossa di terremoto.", "L'Aquila", 'ANSA', "L'AQUILA (ANSA) - "],
    ['SAINT-DENIS (AFP) - Le stade est prêt.', 'Saint-Denis', 'AFP', 'SAINT-DENIS (AFP) - '],
    ['Berlin (dpa) - Die Bundesregierung will…', 'Berlin', 'dpa', 'Berlin (dpa) - '],
    ['MÁLAGA, 17 abr (EFE) - El puerto inauguró un muelle.', 'Málaga', 'EFE', 'MÁLAGA, 17 abr (EFE) - '],
    ['  GENEVA (Reuters) - Talks resumed.', 'Geneva', 'Reuters', '  GENEVA (Reuters) - '],
  ])('reads the prefix of %j', (text, place, credit, prefix) => {
    const match = detectDateline(text);
    expect(match).toMatchObject({ dateline: place, credit, whole: false });
    expect(text.slice(0, match?.length)).toBe(prefix);
  });

  it.each([
    ['UPDATE - The central bank kept rates on hold.'],
    ['BREAKING — Explosion reported downtown.'],
    ['EXCLUSIF - Le ministre se confie.'],
    ['Monde / Europe'],
    ['Le président (LREM) - a déclaré…'],
    ['The talks resumed on Wednesday in Geneva.'],
    ['Paris is a city in France - and a capital.'],
    ['NATO-led forces withdrew.'],
    ['A / B'],
    [''],
  ])('finds no dateline in %j', (text) => {
    expect(detectDateline(text)).toBeNull();
  });
});

describe('formatPlace', () => {
  it.each([
    ['PARIS', 'Paris'],
    ['NEW YORK', 'New York'],
    ['RIO DE JANEIRO', 'Rio de Janeiro'],
    ['SAINT-PÉTERSBOURG', 'Saint-Pétersbourg'],
    ["L'AQUILA", "L'Aquila"],
    ['ST. LOUIS', 'St. Louis'],
    ['Paris', 'Paris'],
    ['Rio de Janeiro', 'Rio de Janeiro'],
  ])('formats %j as %j', (input, expected) => {
    expect(formatPlace(input)).toBe(expected);
  });
});
