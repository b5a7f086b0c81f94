// Issue 5: the coordinators' morning digest. Counts only, and links into the console: the email names no
// employee (least privilege, R-DATA-2), whoever reads the list behind the link is signed in and traced.
import type { Db } from './db.js';
import { countVisits, listHref, watchedVisits, type VisitFilters } from './domain/visit-filters.js';
import type { Messaging } from './messaging/messaging.js';
import { frenchDate, type CivilDate } from '../workflows/rules/calendar.js';

export interface DigestActivityDependencies {
  db: Db;
  messaging: Messaging;
  publicUrl: string;
}

/** Days ahead a deadline counts as at risk in the digest. */
export const DIGEST_HORIZON_DAYS = 7;

const digestTemplate = {
  subject: 'Visites à surveiller au {{date}} : {{overdue}} en retard, {{atRisk}} à échéance sous {{days}} jours',
  body: `Bonjour {{name}},

Point du {{date}} sur les visites ouvertes du service :

{{lines}}

Tableau de pilotage : {{cockpit}}

Ce message ne contient aucune donnée nominative ; les listes s’ouvrent dans la console après connexion.`,
};

export function createDigestActivities({ db, messaging, publicUrl }: DigestActivityDependencies) {
  return {
    /** Sends the day's digest to every assistant, unless nothing is late or at risk; once per assistant and day. */
    async sendCoordinatorDigest(input: { day: CivilDate }): Promise<{ sent: number }> {
      const { day } = input;
      const sections: { label: string; filters: VisitFilters }[] = [
        { label: 'En retard', filters: watchedVisits.overdue },
        { label: `Échéance dans les ${DIGEST_HORIZON_DAYS} jours`, filters: watchedVisits.dueWithin(day, DIGEST_HORIZON_DAYS) },
        { label: `dont sans rendez-vous`, filters: watchedVisits.unbookedDueWithin(day, DIGEST_HORIZON_DAYS) },
        { label: 'Réorientées vers un médecin, en attente de sa conclusion', filters: watchedVisits.reoriented },
      ];
      const counted = await Promise.all(sections.map(async (section) => ({ ...section, count: await countVisits(db, section.filters, day) })));
      const [overdue, atRisk] = counted as [(typeof counted)[number], (typeof counted)[number]];
      if (overdue.count === 0 && atRisk.count === 0) return { sent: 0 };

      const lines = counted.map((section) => `- ${section.label} : ${section.count} — ${publicUrl}${listHref(section.filters)}`).join('\n');
      const coordinators = await db.professional.findMany({ where: { role: 'ASSISTANT' }, select: { id: true, email: true, displayName: true }, orderBy: { email: 'asc' } });
      let sent = 0;
      for (const coordinator of coordinators) {
        const { status } = await messaging.send({
          idempotencyKey: `coordinator-digest:${day}:${coordinator.id}`,
          channel: 'EMAIL',
          recipient: coordinator.email,
          template: digestTemplate,
          values: {
            name: coordinator.displayName,
            date: frenchDate(day),
            overdue: String(overdue.count),
            atRisk: String(atRisk.count),
            days: String(DIGEST_HORIZON_DAYS),
            lines,
            cockpit: `${publicUrl}/pilotage`,
          },
        });
        if (status === 'SENT') sent += 1;
      }
      return { sent };
    },
  };
}

export type DigestActivities = ReturnType<typeof createDigestActivities>;
