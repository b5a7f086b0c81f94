// R-DEL-1 as data administrators keep: which nurse performs which visit types, under the protocol which
// doctor signed, from when until when. The scheduling check (activities/domain/delegation.ts) reads these
// rows; ending a protocol says which of the nurse's booked visits it no longer covers.
import { assignableProfessionalWhere, protocolTermsOf } from '../../../activities/domain/delegation.js';
import { DomainError } from '../../../activities/domain/errors.js';
import { parseInput } from '../../../activities/domain/input.js';
import { listHref } from '../../../activities/domain/visit-filters.js';
import { civilFromDbDate, dbDateFromCivil, endOfParisDay, frenchDate, parisCivilDate, plusDays, type CivilDate } from '../../../workflows/rules/calendar.js';
import { protocolCovers } from '../../../workflows/rules/delegation.js';
import { visitTypeLabels } from '../../../workflows/rules/labels.js';
import type { VisitType } from '../../../workflows/rules/visit-types.js';
import { delegationEndSchema, delegationFormSchema } from '../forms/staff-forms.js';
import { audit } from './audit.server.js';
import type { SignedInProfessional } from './auth.server.js';
import { consoleContext } from './context.server.js';

function stateOf(validFrom: CivilDate, validTo: CivilDate | null, today: CivilDate): string {
  if (validTo !== null && validTo < validFrom) return 'Annulé avant d’entrer en vigueur';
  if (validTo !== null && validTo < today) return `Échu le ${frenchDate(validTo)}`;
  if (today < validFrom) return 'À venir';
  return validTo === null ? 'En vigueur' : `En vigueur jusqu’au ${frenchDate(validTo)}`;
}

const typesText = (types: readonly VisitType[]) => types.map((type) => visitTypeLabels[type]).join(', ');

export async function loadDelegations() {
  const { db } = consoleContext();
  const today = parisCivilDate(new Date());
  const [protocols, professionals] = await Promise.all([
    db.delegationProtocol.findMany({
      orderBy: [{ validFrom: 'desc' }, { createdAt: 'desc' }],
      select: {
        id: true,
        validFrom: true,
        validTo: true,
        visitTypes: true,
        signedAt: true,
        nurse: { select: { displayName: true } },
        doctor: { select: { displayName: true } },
      },
    }),
    db.professional.findMany({ where: assignableProfessionalWhere, orderBy: { displayName: 'asc' }, select: { id: true, displayName: true, role: true } }),
  ]);
  return {
    today,
    protocols: protocols.map((protocol) => {
      const validFrom = civilFromDbDate(protocol.validFrom);
      const validTo = protocol.validTo && civilFromDbDate(protocol.validTo);
      const state = stateOf(validFrom, validTo, today);
      return {
        id: protocol.id,
        nurse: protocol.nurse.displayName,
        doctor: protocol.doctor.displayName,
        visitTypes: typesText(protocol.visitTypes),
        signedOn: frenchDate(civilFromDbDate(protocol.signedAt)),
        validity: validTo ? `du ${frenchDate(validFrom)} au ${frenchDate(validTo)}` : `depuis le ${frenchDate(validFrom)}`,
        state,
        // Still applying today or later: it can be ended.
        endable: validTo === null || validTo >= today,
      };
    }),
    nurses: professionals.filter((professional) => professional.role === 'NURSE').map(({ id, displayName }) => ({ value: id, label: displayName })),
    doctors: professionals.filter((professional) => professional.role === 'DOCTOR').map(({ id, displayName }) => ({ value: id, label: displayName })),
  };
}

/** The form as posted: the checked visit types are repeated fields, which Object.fromEntries would cut to one. */
export function delegationFields(formData: FormData): Record<string, unknown> {
  return { ...Object.fromEntries(formData), visitTypes: formData.getAll('visitTypes') };
}

async function activeAccount(id: string, role: 'NURSE' | 'DOCTOR', field: string, label: string) {
  const account = await consoleContext().db.professional.findFirst({ where: { ...assignableProfessionalWhere, id, role }, select: { displayName: true } });
  if (!account) throw new DomainError('VALIDATION', 'Certaines données sont invalides.', { [field]: `Choisissez ${label} dans la liste` });
  return account;
}

export async function createDelegation(request: Request, admin: SignedInProfessional, fields: unknown): Promise<string> {
  const form = parseInput(delegationFormSchema, fields);
  const nurse = await activeAccount(form.nurseId, 'NURSE', 'nurseId', 'l’infirmier(ère)');
  const doctor = await activeAccount(form.doctorId, 'DOCTOR', 'doctorId', 'le médecin signataire');
  const protocol = await consoleContext().db.delegationProtocol.create({
    data: {
      nurseId: form.nurseId,
      doctorId: form.doctorId,
      visitTypes: form.visitTypes,
      signedAt: dbDateFromCivil(form.signedOn),
      validFrom: dbDateFromCivil(form.validFrom),
      validTo: form.validTo ? dbDateFromCivil(form.validTo) : null,
    },
    select: { id: true },
  });
  const validity = form.validTo ? `du ${frenchDate(form.validFrom)} au ${frenchDate(form.validTo)}` : `à partir du ${frenchDate(form.validFrom)}`;
  const summary = `${nurse.displayName}, signé par ${doctor.displayName}, ${validity} : ${typesText(form.visitTypes)}`;
  await audit(request, { actor: admin, action: 'delegation.create', entityType: 'DelegationProtocol', entityId: protocol.id, reason: summary });
  return `Le protocole de ${summary} est enregistré.`;
}

export interface EndedDelegation {
  message: string;
  /** Booked visits of the nurse that no remaining protocol covers, and the reassignment page on her visits. */
  uncovered: number;
  reassignHref: string;
}

/**
 * A protocol ends on its last day (inclusive), yesterday at the earliest: what a nurse did under it stays
 * done. It can be shortened, never lengthened: a longer delegation is a new protocol, signed again.
 */
export async function endDelegation(request: Request, admin: SignedInProfessional, fields: unknown): Promise<EndedDelegation> {
  const form = parseInput(delegationEndSchema, fields);
  const { db } = consoleContext();
  const protocol = await db.delegationProtocol.findUnique({
    where: { id: form.protocolId },
    select: { id: true, nurseId: true, validTo: true, nurse: { select: { displayName: true } } },
  });
  if (!protocol) throw new DomainError('NOT_FOUND', 'Protocole introuvable.');
  const invalid = (message: string) => new DomainError('VALIDATION', 'Certaines données sont invalides.', { lastDay: message });
  const yesterday = plusDays(parisCivilDate(new Date()), -1);
  if (form.lastDay < yesterday) throw invalid(`Au plus tôt la veille, le ${frenchDate(yesterday)} : les visites faites sous ce protocole restent valides`);
  const currentEnd = protocol.validTo && civilFromDbDate(protocol.validTo);
  if (currentEnd && form.lastDay >= currentEnd) throw invalid(`Ce protocole finit déjà le ${frenchDate(currentEnd)} : pour le prolonger, enregistrez un nouveau protocole signé`);
  await db.delegationProtocol.update({ where: { id: protocol.id }, data: { validTo: dbDateFromCivil(form.lastDay) } });
  await audit(request, { actor: admin, action: 'delegation.end', entityType: 'DelegationProtocol', entityId: protocol.id, reason: `Dernier jour : ${frenchDate(form.lastDay)}` });

  const booked = await db.visit.findMany({
    where: { assignedProfessionalId: protocol.nurseId, status: 'SCHEDULED', appointmentAt: { gte: endOfParisDay(form.lastDay) } },
    select: { type: true, appointmentAt: true },
  });
  const terms = await protocolTermsOf(db, protocol.nurseId);
  const uncovered = booked.filter((visit) => !protocolCovers(terms, protocol.nurseId, visit.type, parisCivilDate(visit.appointmentAt!))).length;
  return {
    message: `Le protocole de ${protocol.nurse.displayName} prend fin le ${frenchDate(form.lastDay)} au soir.`,
    uncovered,
    reassignHref: listHref({ statut: 'SCHEDULED', professionnel: protocol.nurseId }, '/visites/reaffectation'),
  };
}
