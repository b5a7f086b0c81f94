// The main navigation of each role: only links to pages the role may open.
import type { ProfessionalRole as AccountRole } from '../../../prisma/generated/enums.js';
import { handlesDataRights } from '../../../workflows/data-rights/forms.js';

export interface NavigationLink {
  to: string;
  label: string;
}

const ACCOUNT: NavigationLink = { to: '/securite', label: 'Sécurité du compte' };

export function navigationFor(role: AccountRole): NavigationLink[] {
  if (role === 'EMPLOYER') {
    return [
      { to: '/entreprise', label: 'Portail entreprise' },
      { to: '/entreprise/effectifs', label: 'Effectifs au 1er janvier' },
      { to: '/entreprise/effectifs/import', label: 'Déclaration d’effectifs' },
      ACCOUNT,
    ];
  }
  return [
    { to: '/taches', label: 'Mes tâches' },
    ...(role === 'NURSE' ? [] : [{ to: '/pilotage', label: 'Pilotage' }]),
    { to: '/visites', label: 'Visites' },
    { to: '/planning', label: 'Planning' },
    // R-TELE-15: activity indicators, for the secretariat, doctors and administrators.
    ...(role === 'NURSE' ? [] : [{ to: '/indicateurs', label: 'Indicateurs' }]),
    // R-DATA-3, R-DATA-4: the secretariat, doctors and administrators handle employees' requests.
    ...(handlesDataRights(role) ? [{ to: '/droits', label: 'Droits des salariés' }] : []),
    // Issue 8: the coordinators follow the yearly staff declaration; administrators open it.
    ...(role === 'ASSISTANT' || role === 'ADMIN' ? [{ to: '/campagne-effectifs', label: 'Effectifs annuels' }] : []),
    ...(role === 'ADMIN'
      ? [
          { to: '/admin/protocole', label: 'Protocole' },
          { to: '/admin/journal', label: 'Journal d’audit' },
          { to: '/admin/comptes', label: 'Comptes' },
          { to: '/admin/delegations', label: 'Délégations' },
          { to: '/admin/entreprises', label: 'Entreprises' },
          { to: '/admin/cles-api', label: 'Clés d’API' },
        ]
      : []),
    ACCOUNT,
  ];
}
