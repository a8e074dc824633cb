import { describe, expect, it } from 'vitest';
import { bodyTokens, foldText, lineKey, prepareText, tokenize } from '../../src/dedup/prepare-text.js';

const words = (title: string, contentText: string, repeated: number[] = []) =>
  bodyTokens(prepareText({ title, contentText }, { isRepeatedLine: (k) => repeated.includes(k) })).join(' ');

describe('text preparation', () => {
  it('maps quotes, guillemets, dashes and ligatures, and folds case and accents after NFKC', () => {
    expect(foldText('« L’Œuvre » — Æsop’s ﬁnal ÉTÉ')).toBe('" l\'oeuvre " - aesop\'s final ete');
    expect(tokenize('Cœur d’Azerbaïdjan – 2 000 soldats')).toEqual(['coeur', 'd', 'azerbaidjan', '2', '000', 'soldats']);
    expect(tokenize('ＡＢＣ１２３')).toEqual(['abc123']);
  });

  it('strips the three kinds of leading dateline', () => {
    expect(words('T', 'PARIS (AFP) - Le gouvernement a annoncé mardi un plan.')).toBe('le gouvernement a annonce mardi un plan');
    expect(words('T', 'LONDON, April 17 (Reuters) - Shares fell sharply on Monday.')).toBe('shares fell sharply on monday');
    expect(words('T', 'Paris / La Gazette\nLes forces russes ont commencé à se retirer.')).toBe('les forces russes ont commence a se retirer');
  });

  it('drops known chrome phrases in several languages and lines the source repeats', () => {
    const text = 'Le maire a signé le décret hier soir.\nLire aussi : la réforme des retraites\nLoading...\nShare this article\nAbonnez-vous pour 1 €';
    expect(words('T', text, [lineKey('Abonnez-vous pour 1 €')])).toBe('le maire a signe le decret hier soir');
  });

  it('drops title repeats and page furniture before the first paragraph, never later', () => {
    const page = 'Lagazette\nLA RUSSIE SE RETIRE\n17 Avril 2024 20:02 (UTC+01:00)\nLa Russie se retire\nLes soldats partent.\nFin\nLa Russie se retire';
    expect(words('La Russie se retire', page)).toBe('les soldats partent fin');
  });

  it('keeps the title apart from the body', () => {
    const prepared = prepareText({ title: 'Storm hits coast', contentText: 'Heavy rain fell across the region overnight.' });
    expect(prepared.titleTokens).toEqual(['storm', 'hits', 'coast']);
    expect(bodyTokens(prepared)).not.toContain('storm');
  });

  it('splits paragraphs into sentences, keeping abbreviations of numbers inside', () => {
    const prepared = prepareText({ title: 'T', contentText: 'Prices rose 2.5 percent in March. "It is worse," he said. Officials disagreed!\nSecond paragraph here.' });
    expect(prepared.sentences.map((s) => s.tokens.join(' '))).toEqual([
      'prices rose 2 5 percent in march', 'it is worse he said', 'officials disagreed', 'second paragraph here',
    ]);
    expect(prepared.sentences.map((s) => s.paragraph)).toEqual([0, 0, 0, 1]);
  });
});
