// Why a human decision is refused, in French. Pure functions: the workflow's update validators
// call them, so the refusal reaches the console as the update's failure message.
import { plusYears, type CivilDate } from '../rules/calendar.js';
import { visitOutcomeLabels } from '../rules/labels.js';
import { allowedOutcomes, outcomeIsAvis, outcomeRequiresDoctor, roleMayPerform, type VisitOutcome, type VisitType } from '../rules/visit-types.js';
import {
  type Actor,
  type CancelVisitArgs,
  type ConcludeReorientationArgs,
  type ConcludeVisitArgs,
  type ExcuseAbsenceArgs,
  type ReorientToDoctorArgs,
  type ScheduleVisitArgs,
  type VisitSnapshot,
  type VisitWorkflowInput,
} from './messages.js';
import {
  absenceExcuseFormSchema,
  anytimeReorientationReasons,
  cancellationFormSchema,
  conclusionFormSchema,
  reorientationFormSchema,
  scheduleFormSchema,
  type Conclusion,
  type ReorientationForm,
} from './forms.js';

type Refusal = string | undefined;

function firstIssue(result: { success: boolean; error?: { issues: { message: string }[] } }): Refusal {
  return result.success ? undefined : result.error?.issues[0]?.message;
}

function closedRefusal(snapshot: VisitSnapshot): Refusal {
  if (snapshot.status === 'COMPLETED') return 'La visite est déjà clôturée.';
  if (snapshot.status === 'CANCELLED') return 'La visite est annulée.';
  if (snapshot.outcome) return 'La consultation est déjà conclue.';
  return undefined;
}

/** R-DEL-2: once re-oriented, the visit is the doctor's, concluded on the re-orientation. */
function reorientedRefusal(snapshot: VisitSnapshot): Refusal {
  return snapshot.reorientationWorkflowId ? 'La visite a été réorientée vers le médecin : c’est lui qui la conclut.' : undefined;
}

/**
 * R-VIP-6: an attestation states the date before which the next visit is due. Visits that do not
 * renew the periodic follow-up (pre-return, liaison, end of exposure) or end in inaptitude state none;
 * SIR dates follow R-SIR-2/3, so the doctor's date there is optional.
 */
export function nextDueDateRequirement(type: VisitType, outcome: VisitOutcome): 'REQUIRED' | 'OPTIONAL' | 'NONE' {
  if (outcome === 'INAPTITUDE' || outcome === 'LIAISON_HELD') return 'NONE';
  if (type === 'PRE_REPRISE' || type === 'LIAISON' || type === 'POST_EXPOSURE') return 'NONE';
  if (type === 'SIR_EXAM' || type === 'SIR_INTERMEDIATE' || type === 'SIR_RENEWAL' || type === 'ON_REQUEST') return 'OPTIONAL';
  return outcome.startsWith('APTITUDE') ? 'OPTIONAL' : 'REQUIRED';
}

export function refuseSchedule(input: VisitWorkflowInput, snapshot: VisitSnapshot, args: ScheduleVisitArgs, now: Date): Refusal {
  const parsed = scheduleFormSchema.safeParse(args.form);
  return (
    firstIssue(parsed) ??
    closedRefusal(snapshot) ??
    (snapshot.status === 'SCHEDULED' && !parsed.data?.reason ? 'Indiquez le motif du report du rendez-vous.' : undefined) ??
    reorientedRefusal(snapshot) ??
    (roleMayPerform(args.professionalRole, input.performer)
      ? undefined
      : 'Ce professionnel ne peut pas réaliser ce type de visite : un médecin du travail est requis.') ??
    (Date.parse(args.form.appointmentAt) <= now.getTime() ? 'Le rendez-vous doit être dans le futur.' : undefined)
  );
}

/**
 * R-DEL-1: a nurse needs a valid protocol covering the visit. The workflow cannot read protocols, so the
 * caller checks them and says so in `delegated`; checked at validation only, as it depends on the request alone.
 */
export function refuseUndelegated(args: ScheduleVisitArgs): Refusal {
  return args.professionalRole === 'NURSE' && args.delegated !== true
    ? 'Aucun protocole de délégation valide ne couvre cette visite pour cet(te) infirmier(ère).'
    : undefined;
}

export function refuseConclusion(input: VisitWorkflowInput, snapshot: VisitSnapshot, args: ConcludeVisitArgs, today: CivilDate): Refusal {
  const parsed = conclusionFormSchema.safeParse(args.form);
  if (!parsed.success) return firstIssue(parsed);
  const form = parsed.data;
  const closed = closedRefusal(snapshot) ?? reorientedRefusal(snapshot);
  if (closed) return closed;
  if (snapshot.status !== 'SCHEDULED') return 'La visite doit être planifiée avant d’être conclue.';
  // R-TELE-11: a remote visit is concluded on its report.
  if (snapshot.modality === 'REMOTE' && !snapshot.teleconsultationEnded) return 'La téléconsultation doit être terminée (compte rendu) avant la conclusion.';
  if (!roleMayPerform(args.actor.role, input.performer)) return 'Seul un professionnel de santé habilité peut conclure cette visite.';
  if (!allowedOutcomes(input.type, input.followUpCategory).includes(form.outcome)) {
    return `« ${visitOutcomeLabels[form.outcome]} » n’est pas une conclusion possible pour cette visite.`;
  }
  // The doctor, not the nurse, sets the next visit of an employee she hands over.
  if (conclusionReorientation(args.actor, form)) return undefined;
  // R-DEL-2: an avis (aptitude or inaptitude) is the doctor's alone; the nurse orients the employee to him.
  if (outcomeRequiresDoctor(form.outcome) && args.actor.role !== 'DOCTOR') {
    return `Seul le médecin du travail peut émettre « ${visitOutcomeLabels[form.outcome]} » : orientez le salarié vers le médecin.`;
  }
  // R-LIAISON-1: the liaison meeting is not a medical visit and files nothing in the DMST.
  if (input.type === 'LIAISON' && form.notes) return 'Le rendez-vous de liaison n’est pas une visite médicale : aucune note clinique.';
  const requirement = nextDueDateRequirement(input.type, form.outcome);
  if (requirement === 'REQUIRED' && !form.nextVisitDueDate) return 'Indiquez la date limite de la prochaine visite.';
  if (requirement === 'NONE' && form.nextVisitDueDate) return 'Cette conclusion ne fixe pas de date de prochaine visite.';
  if (form.nextVisitDueDate && form.nextVisitDueDate <= today) return 'La date de prochaine visite doit être postérieure à aujourd’hui.';
  // R-VIP-5: the professional sets the interval, within the maximum for the employee's category.
  if (form.nextVisitDueDate && input.renewalCapYears !== undefined && form.nextVisitDueDate > plusYears(today, input.renewalCapYears)) {
    return `La prochaine visite doit avoir lieu au plus tard dans ${input.renewalCapYears} ans (${plusYears(today, input.renewalCapYears)}).`;
  }
  if (form.coupledMidCareer && !input.midCareerCouplingAllowed) {
    return 'Cette visite ne peut pas valoir visite de mi-carrière : le salarié n’est pas dans la période prévue.';
  }
  return undefined;
}

export function refuseCancellation(snapshot: VisitSnapshot, args: CancelVisitArgs): Refusal {
  return firstIssue(cancellationFormSchema.safeParse(args.form)) ?? closedRefusal(snapshot);
}

function appointmentRefusal(snapshot: VisitSnapshot): Refusal {
  return (
    closedRefusal(snapshot) ??
    reorientedRefusal(snapshot) ??
    (snapshot.status !== 'SCHEDULED' || !snapshot.appointmentAt ? 'Aucun rendez-vous n’est fixé.' : undefined) ??
    (snapshot.teleconsultationEnded ? 'La téléconsultation a eu lieu : concluez la visite.' : undefined)
  );
}

export function refuseAbsenceExcuse(snapshot: VisitSnapshot, args: ExcuseAbsenceArgs, now: Date): Refusal {
  return (
    firstIssue(absenceExcuseFormSchema.safeParse(args.form)) ??
    appointmentRefusal(snapshot) ??
    (Date.parse(snapshot.appointmentAt!) <= now.getTime() ? 'Le rendez-vous est passé : enregistrez une absence.' : undefined)
  );
}

export function refuseNoShow(snapshot: VisitSnapshot, actor: Actor, now: Date): Refusal {
  return (
    appointmentRefusal(snapshot) ??
    (actor.role === 'ADMIN' ? 'Seuls le secrétariat et les professionnels de santé constatent une absence.' : undefined) ??
    (Date.parse(snapshot.appointmentAt!) > now.getTime() ? 'Le rendez-vous n’a pas encore eu lieu.' : undefined)
  );
}

/**
 * R-DEL-2, R-DEL-3: a nurse's conclusion that proposes measures or notes a risk of inaptitude cannot close
 * the visit: it becomes a re-orientation to the doctor, with what she noted as the doctor's brief.
 */
export function conclusionReorientation(actor: Actor, conclusion: Conclusion): ReorientationForm | undefined {
  // An avis stays refused to a nurse (R-DEL-2): she says what she saw, not what the doctor would decide.
  if (actor.role !== 'NURSE' || outcomeIsAvis(conclusion.outcome)) return undefined;
  const notes = conclusion.notes ? ` Notes : ${conclusion.notes}` : '';
  if (conclusion.measures) return { reason: 'ADJUSTMENT', details: `Mesures envisagées : ${conclusion.measures}.${notes}` };
  if (conclusion.inaptitudeRisk) return { reason: 'INAPTITUDE_RISK', details: `Risque d’inaptitude relevé par l’infirmier(ère).${notes}` };
  return undefined;
}

/**
 * R-DEL-2..4: the nurse who holds a scheduled visit hands it to the doctor (aptitude, adjustments, risk of
 * inaptitude, the employee's request, her own judgement); a doctor concludes the visit himself. R-DEL-4: a
 * pregnant, post-partum or breastfeeding worker's request is relayed at any time, by a nurse or a coordinator.
 */
export function refuseReorientation(snapshot: VisitSnapshot, args: ReorientToDoctorArgs): Refusal {
  const anytime = anytimeReorientationReasons.includes(args.form.reason);
  return (
    firstIssue(reorientationFormSchema.safeParse(args.form)) ??
    closedRefusal(snapshot) ??
    (snapshot.reorientationWorkflowId ? 'La visite est déjà réorientée vers le médecin.' : undefined) ??
    (args.actor.role === 'DOCTOR' ? 'Le médecin ne réoriente pas une visite vers lui-même : il la conclut.' : undefined) ??
    (!anytime && args.actor.role !== 'NURSE'
      ? 'Seul(e) l’infirmier(ère) qui voit le salarié réoriente pour ce motif ; la coordination transmet la demande d’une salariée enceinte ou allaitante.'
      : undefined) ??
    (!anytime && snapshot.status !== 'SCHEDULED' ? 'La visite doit être planifiée avant d’être réorientée.' : undefined)
  );
}

/** The doctor alone concludes a re-orientation, once, with any conclusion the visit type allows (R-DEL-2). */
export function refuseReorientationConclusion(visit: VisitWorkflowInput, concluded: boolean, args: ConcludeReorientationArgs, today: CivilDate): Refusal {
  if (args.actor.role !== 'DOCTOR') return 'Seul le médecin du travail conclut une visite réorientée vers lui.';
  if (concluded) return 'La réorientation est déjà conclue.';
  return refuseConclusion(visit, { status: 'SCHEDULED', overdue: false, billable: false, modality: 'IN_PERSON' }, args, today);
}

/** R-OPS-1: billed unless the absence was excused at least `excuseHoursAhead` hours before the appointment. */
export function absenceIsBillable(appointmentAt: string, excusedAt: Date | undefined, excuseHoursAhead: number): boolean {
  if (!excusedAt) return true;
  return Date.parse(appointmentAt) - excusedAt.getTime() < excuseHoursAhead * 3_600_000;
}
