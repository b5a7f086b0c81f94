// Issue 8: reading the employer's staff file (CSV), pure and fast: encodings, separators, RFC 4180 quoting,
// and French errors by spreadsheet line and column, with the API's own schema (R-CAT risks, dates, identity).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readStaffFile, staffTemplate, type StaffFile } from '../activities/domain/staff-import.js';

const employerId = randomUUID();
const HEADER = 'Nom de naissance;Prénoms;Date de naissance;Sexe;Lieu de naissance;Email;Téléphone;Date d’embauche;Poste;Risques;Travail de nuit';
const row = (overrides: Partial<Record<'name' | 'first' | 'birth' | 'risks' | 'night' | 'hire', string>> = {}) =>
  [
    overrides.name ?? 'Durand',
    overrides.first ?? 'Léa',
    overrides.birth ?? '05/03/1990',
    'F',
    'Lyon',
    'lea.durand@exemple.fr',
    '06 12 34 56 78',
    overrides.hire ?? '01/12/2026',
    'Cariste',
    overrides.risks ?? '',
    overrides.night ?? 'non',
  ].join(';');

const utf8 = (text: string) => new TextEncoder().encode(text);

function readable(file: StaffFile) {
  if (!file.ok) throw new Error(`file refused: ${file.message}`);
  return file;
}

describe('staff file: encodings and separators', () => {
  it('reads UTF-8 with a BOM, CRLF line ends, and turns JJ/MM/AAAA into the API’s dates', () => {
    const file = readable(readStaffFile(utf8(`\uFEFF${HEADER}\r\n${row()}\r\n`), employerId));
    expect(file.errors).toEqual([]);
    expect(file.rows).toHaveLength(1);
    expect(file.rows[0]!.input).toMatchObject({
      employerId,
      birthName: 'Durand',
      firstNames: 'Léa',
      birthDate: '1990-03-05',
      hireDate: '2026-12-01',
      post: { title: 'Cariste', risks: [], nightWork: false },
      apprentice: false,
    });
  });

  it('reads Windows-1252 (Excel on Windows): é in names survives', () => {
    const text = `${HEADER}\r\n${row({ name: 'Béranger', first: 'Zoé' })}\r\n`;
    const bytes = Uint8Array.from([...text].map((char) => ({ é: 0xe9, '’': 0x92 })[char] ?? char.charCodeAt(0)));
    const file = readable(readStaffFile(bytes, employerId));
    expect(file.errors).toEqual([]);
    expect(file.rows[0]!.input).toMatchObject({ birthName: 'Béranger', firstNames: 'Zoé' });
  });

  it('reads `,` separated files with quoted fields holding separators, doubled quotes and line breaks', () => {
    const header = HEADER.replaceAll(';', ',');
    const line = ['"Durand, dite ""la Grande"""', 'Léa', '05/03/1990', 'F', '"Lyon\n3e arrondissement"', 'lea@exemple.fr', '0612345678', '01/12/2026', '"Cariste; magasin"', 'ASBESTOS|LEAD', 'oui'].join(',');
    const file = readable(readStaffFile(utf8(`${header}\n${line}\n`), employerId));
    expect(file.errors).toEqual([]);
    expect(file.rows[0]!.input).toMatchObject({
      birthName: 'Durand, dite "la Grande"',
      birthPlace: 'Lyon\n3e arrondissement',
      post: { title: 'Cariste; magasin', risks: ['ASBESTOS', 'LEAD'], nightWork: true },
    });
  });

  it('understands headers whatever their case, accents and apostrophe, in any order', () => {
    const header = 'PRENOMS;nom de naissance;Date de Naissance;sexe;Lieu de naissance;E-mail;Telephone;Date d\'embauche;Poste;Travail de nuit';
    const file = readable(readStaffFile(utf8(`${header}\nLéa;Durand;05/03/1990;Femme;Lyon;lea@exemple.fr;0612345678;01/12/2026;Cariste;Non\n`), employerId));
    expect(file.errors).toEqual([]);
    expect(file.rows[0]!.input).toMatchObject({ firstNames: 'Léa', birthName: 'Durand', sex: 'F', post: { risks: [], nightWork: false } });
  });

  it('the downloadable template reads back without error', () => {
    const file = readable(readStaffFile(utf8(staffTemplate()), employerId));
    expect(file.errors).toEqual([]);
    expect(file.rows).toHaveLength(1);
  });
});

describe('staff file: errors in French, by spreadsheet line and column', () => {
  it('a bad date, an impossible date and a too young employee, each on its line', () => {
    const text = [HEADER, row(), row({ name: 'A', birth: '1990-03-05' }), row({ name: 'B', birth: '31/02/1990' }), row({ name: 'C', birth: '01/01/2020' })].join('\n');
    const file = readable(readStaffFile(utf8(text), employerId));
    expect(file.rows.map((staff) => staff.line)).toEqual([2]);
    expect(file.errors).toEqual([
      { line: 3, column: 'Date de naissance', message: 'date « 1990-03-05 » invalide : attendue au format JJ/MM/AAAA' },
      { line: 4, column: 'Date de naissance', message: 'date « 31/02/1990 » invalide : attendue au format JJ/MM/AAAA' },
      { line: 5, column: 'Date de naissance', message: 'Le salarié doit avoir au moins 14 ans à l’embauche' },
    ]);
  });

  it('an unknown risk code is named, with the accepted ones; a yes/no column refuses other answers', () => {
    const file = readable(readStaffFile(utf8([HEADER, row({ risks: 'LEAD|AMIANTE' }), row({ name: 'B', night: 'peut-être' })].join('\n')), employerId));
    expect(file.errors).toHaveLength(2);
    expect(file.errors[0]).toMatchObject({ line: 2, column: 'Risques' });
    expect(file.errors[0]!.message).toMatch(/^« AMIANTE » : Risque inconnu ; valeurs admises : ASBESTOS, LEAD/);
    expect(file.errors[1]).toEqual({ line: 3, column: 'Travail de nuit', message: '« peut-être » : indiquez « oui » ou « non »' });
  });

  it('a missing required column and an unknown one: one message for the whole file', () => {
    const header = HEADER.replace(';Téléphone', '').replace('Poste', 'Fonction');
    const file = readStaffFile(utf8(`${header}\n`), employerId);
    expect(file.ok).toBe(false);
    expect(!file.ok && file.message).toMatch(
      /^La première ligne du fichier ne convient pas : colonne inconnue : « Fonction » ; colonnes obligatoires absentes : « Téléphone », « Poste »\. Colonnes attendues : « Nom de naissance », /,
    );
  });

  it('the same person twice in the file: the second line is « déjà déclaré »', () => {
    const file = readable(readStaffFile(utf8([HEADER, row(), row({ name: 'Martin' }), row({ name: 'DURAND', first: 'lea' })].join('\n')), employerId));
    expect(file.rows.map((staff) => staff.line)).toEqual([2, 3]);
    expect(file.errors).toEqual([{ line: 4, column: null, message: 'salarié déjà déclaré à la ligne 2 du fichier (même identité)' }]);
  });

  it('a line with a field too many, an unclosed quote, an empty file', () => {
    const extra = readable(readStaffFile(utf8(`${HEADER}\n${row()};en trop\n\n`), employerId));
    expect(extra.errors).toEqual([{ line: 2, column: null, message: 'la ligne compte 12 champ(s) au lieu de 11 : vérifiez le séparateur et les guillemets' }]);
    expect(extra.lineCount).toBe(1);
    expect(readStaffFile(utf8(`${HEADER}\n"Durand;Léa\n`), employerId)).toEqual({
      ok: false,
      message: 'Le fichier est mal formé : un guillemet ouvert à la ligne 2 n’est jamais fermé.',
    });
    expect(readStaffFile(utf8(''), employerId)).toEqual({ ok: false, message: 'Le fichier est vide : la première ligne doit nommer les colonnes.' });
  });

  it('an empty required cell says which field is missing', () => {
    const file = readable(readStaffFile(utf8([HEADER, row({ name: '' })].join('\n')), employerId));
    expect(file.errors).toEqual([{ line: 2, column: 'Nom de naissance', message: 'Le nom de naissance est obligatoire' }]);
  });
});
