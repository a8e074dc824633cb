import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMostlyUpperCase, titleCaseSentence } from '../../src/normalize/title-case.js';

const SEED = readFileSync(join(import.meta.dirname, '../fixtures/normalize/gazette-dispatch.txt'), 'utf8');

describe('titleCaseSentence', () => {
  it('turns the seed headline into sentence case, keeping the proper nouns of the body', () => {
    expect(titleCaseSentence("LA RUSSIE COMMENCE À RETIRER SES FORCES DE MAINTIEN DE LA PAIX DU KARABAKH D'AZERBAÏDJAN", SEED))
      .toBe("La Russie commence à retirer ses forces de maintien de la paix du Karabakh d'Azerbaïdjan");
  });

  it('keeps acronyms as the body writes them', () => {
    const body = "L'ONU et l'OTAN ont réagi. Le secrétaire de l'ONU a parlé à Genève.";
    expect(titleCaseSentence("L'ONU RÉAGIT À GENÈVE", body)).toBe("L'ONU réagit à Genève");
  });

  it('does not take a capital from the start of a sentence as evidence', () => {
    const body = 'Forces were deployed. The forces left.\nTroops stayed.';
    expect(titleCaseSentence('FORCES AND TROOPS LEAVE', body)).toBe('Forces and troops leave');
  });

  it('keeps words with digits as written when the body does not show them', () => {
    expect(titleCaseSentence('G7 LEADERS MEET', 'Leaders met in Rome.')).toBe('G7 leaders meet');
  });
});

describe('isMostlyUpperCase', () => {
  it.each([
    ["LA RUSSIE COMMENCE À RETIRER SES FORCES", true],
    ['UN VOTE: Security Council', false],
    ['Harbour reopens', false],
    ['OK', false],
  ])('judges %j as %s', (title, expected) => {
    expect(isMostlyUpperCase(title)).toBe(expected);
  });
});
