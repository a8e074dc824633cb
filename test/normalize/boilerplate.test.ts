import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOILERPLATE_PHRASES, isBoilerplate } from '../../src/normalize/boilerplate.js';
import { cleanBody } from '../../src/normalize/clean-body.js';
import { textToHtml } from '../../src/normalize/text-to-html.js';

const SEED = readFileSync(join(import.meta.dirname, '../fixtures/normalize/gazette-dispatch.txt'), 'utf8');
const SEED_TITLE = "LA RUSSIE COMMENCE À RETIRER SES FORCES DE MAINTIEN DE LA PAIX DU KARABAKH D'AZERBAÏDJAN";

describe('isBoilerplate', () => {
  it.each([
    'Loading...', 'Loading…', 'loading', 'Chargement...', 'Lire aussi', 'Lire aussi : Le Karabakh, vingt ans de conflit',
    'À lire aussi', 'Read more', 'Read more: Timeline of the conflict', 'Voir plus', "L'info de A à Z Voir Plus",
    'L’info de A à Z Voir Plus', 'Share this article', 'Partager', 'Weiterlesen', 'Leer más', 'Leia também: outra notícia',
    'Leggi anche', 'Lees ook', 'We use cookies to improve your experience. By continuing you accept our policy.',
    'Nous utilisons des cookies pour vous offrir une meilleure expérience.',
  ])('recognises %j as chrome', (line) => {
    expect(isBoilerplate(line)).toBe(true);
  });

  it.each([
    'Les forces de maintien de la paix russes ont commencé à se retirer.',
    'Readers were loading their cars before the storm.',
    'Share prices rose on Wednesday.',
    'Partager le pouvoir est difficile, a-t-il dit.',
    'Read moreover the report of the commission.',
    `Read more ${'about the long history of the conflict and its many turns '.repeat(5)}`,
    '',
  ])('keeps %j as text', (line) => {
    expect(isBoilerplate(line)).toBe(false);
  });

  it('has a phrase table for each supported language', () => {
    expect(Object.keys(BOILERPLATE_PHRASES).sort()).toEqual(['de', 'en', 'es', 'fr', 'it', 'nl', 'pt']);
  });
});

describe('cleanBody', () => {
  const options = { title: SEED_TITLE, siteNames: ['La Gazette'], findDateline: true };

  it('cleans the seed dispatch: no site name, date, title repeats, dateline or chrome', () => {
    const result = cleanBody(textToHtml(SEED), options);
    expect(result.dateline).toBe('Paris');
    expect(result.credit).toBe('La Gazette');
    const paragraphs = result.html.match(/<p>.*?<\/p>/g) ?? [];
    expect(paragraphs).toHaveLength(8);
    expect(paragraphs[0]).toMatch(/^<p>Les forces de maintien de la paix russes ont commencé/);
    expect(paragraphs[7]).toMatch(/internationalement reconnue comme faisant partie de l'Azerbaïdjan\.<\/p>$/);
    expect(result.html).not.toMatch(/Loading|Voir Plus|Lagazette|Avril 2024|RETIRER|Paris \//);
  });

  it('drops paragraphs repeating the title anywhere, case-insensitively', () => {
    const html = '<h1>Harbour reopens</h1><p>Text one.</p><p>HARBOUR REOPENS</p><p>Text two.</p>';
    expect(cleanBody(html, { title: 'Harbour reopens', siteNames: [], findDateline: false }).html).toBe('<p>Text one.</p><p>Text two.</p>');
  });

  it('strips a dateline prefix held in inline markup and removes the emptied element', () => {
    const result = cleanBody('<p><strong>PARIS (AFP) -</strong> Les syndicats appellent à la grève.</p>', options);
    expect(result).toMatchObject({ html: '<p>Les syndicats appellent à la grève.</p>', dateline: 'Paris', credit: 'AFP' });
    expect(result.text).toBe('Les syndicats appellent à la grève.');
  });

  it('finds the dateline in the first paragraph with text, after a leading image', () => {
    const result = cleanBody('<figure><img src="https://x.example/a.jpg"></figure><p>WASHINGTON — The Senate voted.</p>', options);
    expect(result.html).toBe('<figure><img src="https://x.example/a.jpg"></figure><p>The Senate voted.</p>');
    expect(result.dateline).toBe('Washington');
  });

  it('reads a dateline in a body without block elements', () => {
    expect(cleanBody('LONDON (Reuters) - Prices <b>rose</b>.', options)).toMatchObject({ html: 'Prices <b>rose</b>.', dateline: 'London', credit: 'Reuters' });
  });

  it('leaves a dateline-looking line alone when asked not to look', () => {
    const html = '<p>PARIS (AFP) - Texte.</p>';
    expect(cleanBody(html, { ...options, findDateline: false }).html).toBe(html);
  });

  it('removes chrome lines joined by <br> at the end', () => {
    const html = '<p>Body text.</p><p>Loading...<br>L\'info de A à Z Voir Plus</p>';
    expect(cleanBody(html, options).html).toBe('<p>Body text.</p>');
  });

  it('does not drop a leading date that is part of a sentence', () => {
    const html = '<p>Le 17 avril 2024, les forces russes ont commencé à partir.</p>';
    expect(cleanBody(html, options).html).toBe(html);
  });

  it('keeps the body as it was rather than removing all of it', () => {
    const html = '<p>Harbour reopens</p>';
    expect(cleanBody(html, { title: 'Harbour reopens', siteNames: [], findDateline: true }).html).toBe(html);
  });

  it('keeps a body that is only real paragraphs unchanged', () => {
    const html = '<p>One.</p>\n<p>Two.</p>';
    expect(cleanBody(html, options)).toMatchObject({ html, dateline: null, credit: null });
  });
});
