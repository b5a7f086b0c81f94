// Issue 8, the employer's staff declaration: a spreadsheet export (CSV) turned into the same employee
// inputs the API takes, checked row by row with the API's own schema. Pure: no I/O, so the console, the
// benchmark and the tests share it.
import type { z } from 'zod';
import { isCivilDate } from '../../workflows/rules/calendar.js';
import { riskCodes } from '../../workflows/rules/protocol-config.js';
import { employeeInputSchema } from './employees.js';
import { DomainError } from './errors.js';
import { parseInput } from './input.js';

export type EmployeeInput = z.output<typeof employeeInputSchema>;

type ColumnKind = 'text' | 'date' | 'sex' | 'risks' | 'yesNo';

interface Column {
  header: string;
  /** Dotted path in `employeeInputSchema`. */
  path: string;
  kind: ColumnKind;
  required: boolean;
}

/** The file's columns, in the template's order; headers are matched ignoring case, accents and apostrophe style. */
export const staffColumns: readonly Column[] = [
  { header: 'Nom de naissance', path: 'birthName', kind: 'text', required: true },
  { header: 'Nom d’usage', path: 'usedName', kind: 'text', required: false },
  { header: 'Prénoms', path: 'firstNames', kind: 'text', required: true },
  { header: 'Date de naissance', path: 'birthDate', kind: 'date', required: true },
  { header: 'Sexe', path: 'sex', kind: 'sex', required: true },
  { header: 'Lieu de naissance', path: 'birthPlace', kind: 'text', required: true },
  { header: 'INS', path: 'ins', kind: 'text', required: false },
  { header: 'Email', path: 'email', kind: 'text', required: true },
  { header: 'Téléphone', path: 'phone', kind: 'text', required: true },
  { header: 'Date d’embauche', path: 'hireDate', kind: 'date', required: true },
  { header: 'Poste', path: 'post.title', kind: 'text', required: true },
  { header: 'Risques', path: 'post.risks', kind: 'risks', required: false },
  { header: 'Travail de nuit', path: 'post.nightWork', kind: 'yesNo', required: true },
  // R-CAT-2 situations the employer knows; pregnancy is declared only by the employee's choice.
  { header: 'Apprenti', path: 'apprentice', kind: 'yesNo', required: false },
  { header: 'Travailleur handicapé', path: 'disabled', kind: 'yesNo', required: false },
  { header: 'Pension d’invalidité', path: 'invalidityPension', kind: 'yesNo', required: false },
];

/** Headers also understood, as spreadsheets name them. */
const headerAliases: Record<string, string> = { 'e-mail': 'Email', 'adresse e-mail': 'Email', courriel: 'Email', prenom: 'Prénoms' };

export const MAX_STAFF_FILE_BYTES = 5 * 1024 * 1024;
export const RISK_SEPARATOR = '|';

export interface StaffRowError {
  /** The spreadsheet's row number: the header is line 1. */
  line: number;
  /** The column's header as the template writes it, or null for the whole row. */
  column: string | null;
  message: string;
}

export interface StaffRow {
  line: number;
  input: EmployeeInput;
  /** `identityKeys` of the input, for the duplicate checks. */
  identity: string[];
}

export type StaffFile =
  | { ok: false; message: string }
  | { ok: true; rows: StaffRow[]; errors: StaffRowError[]; lineCount: number };

// Windows-1252's bytes 0x80-0x9F, which Node 20's TextDecoder('windows-1252') leaves as C1 controls (Latin-1).
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Windows-1252 (Excel's « CSV » on Windows). */
export function decodeStaffFile(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes).replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_C1[char.charCodeAt(0) - 0x80]!);
  }
}

/** `;` (French spreadsheets) or `,`, whichever the header line holds more of, outside quotes. */
export function detectSeparator(text: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ';') semicolons += 1;
    else if (!quoted && char === ',') commas += 1;
  }
  return commas > semicolons ? ',' : ';';
}

/**
 * RFC 4180 records: quoted fields may hold separators, line breaks and doubled quotes; CRLF or LF.
 * Returns null when a quote is never closed (with the line it opened on).
 */
export function parseCsvRecords(text: string, separator: string): { records: string[][] } | { unclosedQuoteLine: number } {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 1;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 1;
        } else quoted = false;
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (char === separator) {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      line += 1;
    } else field += char;
  }
  if (quoted) return { unclosedQuoteLine: quoteLine };
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return { records };
}

function normalisedHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const columnByHeader = new Map<string, Column>([
  ...staffColumns.map((column) => [normalisedHeader(column.header), column] as const),
  ...Object.entries(headerAliases).map(([alias, header]) => [normalisedHeader(alias), staffColumns.find((column) => column.header === header)!] as const),
]);

const quoted = (texts: readonly string[]) => texts.map((text) => `« ${text} »`).join(', ');

/** The header line's columns, or the one French message that says what is wrong with them. */
function readHeader(header: string[]): { ok: true; columns: Column[] } | { ok: false; message: string } {
  const unknown: string[] = [];
  const repeated: string[] = [];
  const columns: Column[] = [];
  for (const name of header) {
    const column = columnByHeader.get(normalisedHeader(name));
    if (!column) unknown.push(name.trim() || '(colonne sans titre)');
    else if (columns.includes(column)) repeated.push(column.header);
    else columns.push(column);
  }
  const missing = staffColumns.filter((column) => column.required && !columns.includes(column)).map((column) => column.header);
  const problems = [
    unknown.length > 0 ? `colonne${unknown.length > 1 ? 's' : ''} inconnue${unknown.length > 1 ? 's' : ''} : ${quoted(unknown)}` : null,
    missing.length > 0 ? `colonne${missing.length > 1 ? 's' : ''} obligatoire${missing.length > 1 ? 's' : ''} absente${missing.length > 1 ? 's' : ''} : ${quoted(missing)}` : null,
    repeated.length > 0 ? `colonne${repeated.length > 1 ? 's' : ''} en double : ${quoted(repeated)}` : null,
  ].filter((problem): problem is string => problem !== null);
  if (problems.length === 0) return { ok: true, columns };
  const expected = staffColumns.map((column) => column.header + (column.required ? '' : ' (facultative)'));
  return { ok: false, message: `La première ligne du fichier ne convient pas : ${problems.join(' ; ')}. Colonnes attendues : ${quoted(expected)}.` };
}

type CellValue = string | boolean | string[] | undefined;
type CellResult = { value: CellValue } | { error: string };

/** A cell as the schema expects it (JJ/MM/AAAA → AAAA-MM-JJ, oui/non → boolean), or why it cannot be. */
function cellValue(column: Column, raw: string): CellResult {
  const text = raw.trim();
  if (text === '') return { value: column.kind === 'risks' ? [] : undefined };
  switch (column.kind) {
    case 'text':
      return { value: text };
    case 'date': {
      const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
      const date = match && `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
      // Checked here too, so the message speaks of the file's format rather than the API's AAAA-MM-JJ.
      return date && isCivilDate(date) ? { value: date } : { error: `date « ${text} » invalide : attendue au format JJ/MM/AAAA` };
    }
    case 'sex': {
      const sex = { f: 'F', femme: 'F', m: 'M', homme: 'M' }[text.toLowerCase()];
      return { value: sex ?? text };
    }
    case 'risks':
      return { value: text.split(RISK_SEPARATOR).map((code) => code.trim().toUpperCase()).filter((code) => code !== '') };
    case 'yesNo': {
      const answer = { oui: true, o: true, non: false, n: false }[normalisedHeader(text)];
      return answer === undefined ? { error: `« ${text} » : indiquez « oui » ou « non »` } : { value: answer };
    }
  }
}

function setPath(target: Record<string, unknown>, path: string, value: CellValue): void {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) {
    if (value !== undefined) target[head!] = value;
    return;
  }
  const inner = (target[head!] ??= {}) as Record<string, unknown>;
  setPath(inner, rest.join('.'), value);
}

/** Same person (R-MULTI-1's identity: INS, or birth identity), ignoring case and accents. */
export function identityKeys(input: Pick<EmployeeInput, 'birthName' | 'firstNames' | 'birthDate' | 'birthPlace' | 'ins'>): string[] {
  const fold = (text: string) => normalisedHeader(text);
  const birth = `naissance:${fold(input.birthName)}|${fold(input.firstNames)}|${input.birthDate}|${fold(input.birthPlace)}`;
  return input.ins ? [`ins:${input.ins}`, birth] : [birth];
}

/** One record: the employee input, or its errors by column. */
function readRecord(columns: Column[], record: string[], line: number, employerId: string): StaffRow | StaffRowError[] {
  if (record.length !== columns.length) {
    return [{ line, column: null, message: `la ligne compte ${record.length} champ(s) au lieu de ${columns.length} : vérifiez le séparateur et les guillemets` }];
  }
  const errors: StaffRowError[] = [];
  // The risks column is optional: no column, no risk.
  const input: Record<string, unknown> = { employerId, post: { risks: [] } };
  columns.forEach((column, index) => {
    const cell = cellValue(column, record[index]!);
    if ('error' in cell) errors.push({ line, column: column.header, message: cell.error });
    else setPath(input, column.path, cell.value);
  });
  const erroneous = new Set(errors.map((error) => error.column));
  try {
    // The API's own schema and checks, so the file follows exactly the rules a declaration through the API does.
    const parsed = parseInput(employeeInputSchema, input);
    if (errors.length === 0) return { line, input: parsed, identity: identityKeys(parsed) };
  } catch (error) {
    if (!(error instanceof DomainError) || !error.fields) throw error;
    for (const [path, message] of Object.entries(error.fields)) {
      const column = staffColumns.find((candidate) => path === candidate.path || path.startsWith(`${candidate.path}.`));
      if (column && erroneous.has(column.header)) continue;
      // A risk's issue names its index: say which code was not understood.
      const riskIndex = column?.kind === 'risks' ? Number(path.split('.').pop()) : Number.NaN;
      const risk = Number.isInteger(riskIndex) ? (input.post as { risks?: string[] } | undefined)?.risks?.[riskIndex] : undefined;
      const shown = risk === undefined ? message : `« ${risk} » : ${message}`;
      errors.push({ line, column: column?.header ?? null, message: shown });
    }
  }
  return errors;
}

/**
 * The whole file: a file-level message when it cannot be read at all (encoding aside, the header), else
 * every row that passed and every error, by line. A person twice in the file is an error on the second line.
 */
export function readStaffFile(bytes: Uint8Array, employerId: string): StaffFile {
  const text = decodeStaffFile(bytes);
  const parsed = parseCsvRecords(text, detectSeparator(text));
  if ('unclosedQuoteLine' in parsed) {
    return { ok: false, message: `Le fichier est mal formé : un guillemet ouvert à la ligne ${parsed.unclosedQuoteLine} n’est jamais fermé.` };
  }
  const [header, ...records] = parsed.records;
  if (!header || header.every((cell) => cell.trim() === '')) return { ok: false, message: 'Le fichier est vide : la première ligne doit nommer les colonnes.' };
  const read = readHeader(header);
  if (!read.ok) return read;
  const rows: StaffRow[] = [];
  const errors: StaffRowError[] = [];
  const firstLineOf = new Map<string, number>();
  let lineCount = 0;
  records.forEach((record, index) => {
    const line = index + 2;
    if (record.every((cell) => cell.trim() === '')) return;
    lineCount += 1;
    const result = readRecord(read.columns, record, line, employerId);
    if (Array.isArray(result)) {
      errors.push(...result);
      return;
    }
    const earlier = result.identity.map((key) => firstLineOf.get(key)).find((found) => found !== undefined);
    if (earlier !== undefined) {
      errors.push({ line, column: null, message: `salarié déjà déclaré à la ligne ${earlier} du fichier (même identité)` });
      return;
    }
    for (const key of result.identity) firstLineOf.set(key, line);
    rows.push(result);
  });
  return { ok: true, rows, errors, lineCount };
}

/** The template's header line and an example row, in the order of `staffColumns`. */
export function staffTemplate(): string {
  const example: Record<string, string> = {
    'Nom de naissance': 'Durand',
    'Nom d’usage': 'Petit',
    Prénoms: 'Léa Marie',
    'Date de naissance': '05/03/1990',
    Sexe: 'F',
    'Lieu de naissance': 'Lyon',
    INS: '',
    Email: 'lea.durand@exemple.fr',
    Téléphone: '06 12 34 56 78',
    'Date d’embauche': '01/12/2026',
    Poste: 'Cariste',
    Risques: `${riskCodes[0]}${RISK_SEPARATOR}${riskCodes[9]}`,
    'Travail de nuit': 'non',
    Apprenti: 'non',
    'Travailleur handicapé': 'non',
    'Pension d’invalidité': 'non',
  };
  return [staffColumns.map((column) => column.header), staffColumns.map((column) => example[column.header] ?? '')].map((cells) => cells.join(';')).join('\r\n') + '\r\n';
}
