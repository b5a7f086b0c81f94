// Why a human decision is refused, in French. Pure functions: the workflow's update validators
// call them, so the refusal reaches the console as the update's failure message.
import { allowedOutcomes, outcomeRequiresDoctor, roleMayPerform } from '../rules/visit-types.js';
import { visitOutcomeLabels } from '../rules/labels.js';
import type { CivilDate } from '../rules/calendar.js';
import {
  cancellationFormSchema,
  conclusionFormSchema,
  scheduleFormSchema,
  type CancelVisitArgs,
  type ConcludeVisitArgs,
  type ScheduleVisitArgs,
  type VisitSnapshot,
  type VisitWorkflowInput,
} from './messages.js';

type Refusal = string | undefined;

function firstIssue(result: { success: boolean; error?: { issues: { message: string }[] } }): Refusal {
  return result.success ? undefined : result.error?.issues[0]?.message;
}

function closedRefusal(snapshot: VisitSnapshot): Refusal {
  if (snapshot.status === 'COMPLETED') return 'La visite est déjà clôturée.';
  if (snapshot.status === 'CANCELLED') return 'La visite est annulée.';
  return undefined;
}

export function refuseSchedule(input: VisitWorkflowInput, snapshot: VisitSnapshot, args: ScheduleVisitArgs, now: Date): Refusal {
  return (
    firstIssue(scheduleFormSchema.safeParse(args.form)) ??
    closedRefusal(snapshot) ??
    (snapshot.outcome ? 'La consultation est déjà conclue.' : undefined) ??
    (roleMayPerform(args.professionalRole, input.performer)
      ? undefined
      : 'Ce professionnel ne peut pas réaliser ce type de visite : un médecin du travail est requis.') ??
    (Date.parse(args.form.appointmentAt) <= now.getTime() ? 'Le rendez-vous doit être dans le futur.' : undefined)
  );
}

export function refuseConclusion(input: VisitWorkflowInput, snapshot: VisitSnapshot, args: ConcludeVisitArgs, today: CivilDate): Refusal {
  const parsed = conclusionFormSchema.safeParse(args.form);
  if (!parsed.success) return firstIssue(parsed);
  const form = parsed.data;
  const closed = closedRefusal(snapshot);
  if (closed) return closed;
  if (snapshot.outcome) return 'La consultation est déjà conclue.';
  if (snapshot.status !== 'SCHEDULED') return 'La visite doit être planifiée avant d’être conclue.';
  if (!roleMayPerform(args.actor.role, input.performer)) return 'Seul un professionnel de santé habilité peut conclure cette visite.';
  if (!allowedOutcomes(input.type, input.followUpCategory).includes(form.outcome)) {
    return `« ${visitOutcomeLabels[form.outcome]} » n’est pas une conclusion possible pour cette visite.`;
  }
  // R-DEL-2: a nurse reaching an aptitude decision or proposing measures hands over to the doctor.
  if (outcomeRequiresDoctor(form.outcome) && args.actor.role !== 'DOCTOR') {
    return `Seul le médecin du travail peut émettre « ${visitOutcomeLabels[form.outcome]} » : orientez le salarié vers le médecin.`;
  }
  if (form.nextVisitDueDate && form.nextVisitDueDate <= today) return 'La date de prochaine visite doit être postérieure à aujourd’hui.';
  return undefined;
}

export function refuseCancellation(snapshot: VisitSnapshot, args: CancelVisitArgs): Refusal {
  return firstIssue(cancellationFormSchema.safeParse(args.form)) ?? closedRefusal(snapshot);
}
