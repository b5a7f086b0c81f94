// Staff files (issue 8) as an employer's spreadsheet exports them: `;`, UTF-8 with a BOM, CRLF, one person per
// line, a mix of posts (SIS, SIA night work, SIR asbestos) so the follow-ups open different first visits.
export const STAFF_HEADER = [
  'Nom de naissance',
  'Nom d’usage',
  'Prénoms',
  'Date de naissance',
  'Sexe',
  'Lieu de naissance',
  'Email',
  'Téléphone',
  'Date d’embauche',
  'Poste',
  'Risques',
  'Travail de nuit',
  'Apprenti',
];

export type StaffCells = Record<(typeof STAFF_HEADER)[number], string>;

/** Person `index` (0-based; spreadsheet line index + 2), unique by birth name. */
export function staffCells(index: number, prefix = 'Salarié'): StaffCells {
  const kind = index % 3;
  return {
    'Nom de naissance': `${prefix}${String(index).padStart(5, '0')}`,
    'Nom d’usage': '',
    Prénoms: index % 2 === 0 ? 'Élodie' : 'José',
    'Date de naissance': `${String((index % 28) + 1).padStart(2, '0')}/${String((index % 12) + 1).padStart(2, '0')}/${1965 + (index % 35)}`,
    Sexe: index % 2 === 0 ? 'F' : 'M',
    'Lieu de naissance': 'Saint-Étienne',
    Email: `salarie${index}@exemple.fr`,
    Téléphone: '06 12 34 56 78',
    'Date d’embauche': '02/11/2026',
    Poste: ['Vendeur', 'Agent de sécurité de nuit', 'Désamianteur'][kind]!,
    Risques: kind === 2 ? 'ASBESTOS' : '',
    'Travail de nuit': kind === 1 ? 'oui' : 'non',
    Apprenti: 'non',
  };
}

/** The file's bytes; `change` alters the cells of some persons (to make bad lines). */
export function staffCsv(count: number, options: { prefix?: string; change?: (index: number, cells: StaffCells) => void } = {}): Uint8Array<ArrayBuffer> {
  const lines = [STAFF_HEADER.join(';')];
  for (let index = 0; index < count; index += 1) {
    const cells = staffCells(index, options.prefix);
    options.change?.(index, cells);
    lines.push(STAFF_HEADER.map((column) => cells[column]).join(';'));
  }
  return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
}
