// Issue 8: the convocation to an in-person appointment, by email with its calendar invitation: date, time,
// place, and the personal link of the employee's page (documents to bring, questionnaire, then the document).
// The link is an HMAC of the visit's id, the same for every appointment of the visit; each convocation is keyed
// by its appointment's revision, so a retried activity sends it once and a moved appointment sends a new one.
import { visitTypeLabels } from '../workflows/rules/labels.js';
import type { Db } from './db.js';
import { protocolConfigOf } from './domain/protocol.js';
import type { Messaging } from './messaging/messaging.js';
import { employeeNameOf, inSentence, parisDate, parisTime, SLOT_MINUTES } from './messaging/values.js';
import { personalLink, personalToken, tokenHash } from './teleconsultation/links.js';

export interface ConvocationActivityDependencies {
  db: Db;
  serviceName: string;
  messaging: Messaging;
  linkSecret: string;
  publicUrl: string;
}

type AppointmentMessage = 'VISIT_CONVOCATION' | 'VISIT_CANCELLED' | 'VISIT_APPOINTMENT_WITHDRAWN';
/** Each message once per appointment revision, whatever the retries. */
const messageKey = (key: AppointmentMessage, visitId: string, revision: number) => `${visitId}:${key}:${revision}`;

export function createConvocationActivities({ db, serviceName, messaging, linkSecret, publicUrl }: ConvocationActivityDependencies) {
  const tokenOf = (visitId: string) => personalToken(linkSecret, 'convocation', visitId);
  const visitOf = (visitId: string) =>
    db.visit.findUniqueOrThrow({
      where: { id: visitId },
      select: {
        id: true,
        status: true,
        type: true,
        modality: true,
        protocolVersion: true,
        appointmentAt: true,
        employee: { select: { firstNames: true, birthName: true, email: true } },
        assignedProfessional: { select: { displayName: true } },
      },
    });

  /**
   * The message about appointment `revision` and its calendar entry: one per visit, updated by each revision.
   * `appointment` is the one the message is about, when the visit has moved on from it.
   */
  async function sendAbout(
    visit: Awaited<ReturnType<typeof visitOf>>,
    revision: number,
    key: AppointmentMessage,
    appointment = { at: visit.appointmentAt, professionalName: visit.assignedProfessional?.displayName },
  ): Promise<void> {
    const { at, professionalName } = appointment;
    if (!at || !professionalName) throw new Error(`Visit ${visit.id} has no appointment`);
    const config = await protocolConfigOf(db, visit.protocolVersion);
    const link = personalLink(publicUrl, 'convocation', tokenOf(visit.id));
    const visitType = inSentence(visitTypeLabels[visit.type]);
    const { place } = config.convocation;
    const cancelled = key !== 'VISIT_CONVOCATION';
    await messaging.send({
      idempotencyKey: messageKey(key, visit.id, revision),
      channel: 'EMAIL',
      recipient: visit.employee.email,
      template: config.messages[key],
      values: {
        employeeName: employeeNameOf(visit.employee),
        visitType,
        appointmentDate: parisDate(at),
        appointmentTime: parisTime(at),
        professionalName,
        serviceName,
        link,
        place,
      },
      visitId: visit.id,
      calendarEvent: {
        uid: `${visit.id}@spsti`,
        // RFC 5546: a cancellation outranks the request it withdraws, and the next revision's request outranks
        // that cancellation (an excused absence withdraws revision r, the new booking is revision r + 1).
        sequence: cancelled ? 2 * revision + 1 : 2 * revision,
        start: at,
        durationMinutes: SLOT_MINUTES,
        summary: `Santé au travail : ${visitType}`,
        description: `Avec ${professionalName}. Votre lien personnel : ${link}`,
        location: place,
        url: link,
        ...(cancelled && { cancelled: true }),
      },
    });
  }

  /** A visit booked before convocations existed, or an outdated convocation, was never sent: nothing to withdraw. */
  async function convoked(visitId: string, revision: number): Promise<boolean> {
    const convocation = await db.outboundMessage.findUnique({ where: { idempotencyKey: messageKey('VISIT_CONVOCATION', visitId, revision) }, select: { id: true } });
    return convocation !== null;
  }

  return {
    /**
     * Started by the visit workflow once it recorded appointment `revision`, in person. The workflow does not wait
     * for it (a mail server down must not hold the coordinator's decision), so the appointment may have moved or
     * the visit closed by the time it runs: then this convocation is outdated and not sent.
     */
    async sendInPersonConvocation(input: { visitId: string; revision: number; appointmentAt: string }): Promise<void> {
      const visit = await visitOf(input.visitId);
      const current = visit.status === 'SCHEDULED' && visit.modality === 'IN_PERSON' && visit.appointmentAt?.getTime() === new Date(input.appointmentAt).getTime();
      if (!current) return;
      // Written before the mail leaves, so its link already opens the page.
      await db.visit.update({ where: { id: visit.id }, data: { convocationTokenHash: tokenHash(tokenOf(visit.id)) } });
      await sendAbout(visit, input.revision, 'VISIT_CONVOCATION');
    },

    /** The visit was cancelled with appointment `revision` booked in person: the employee need not come. */
    async cancelInPersonConvocation(input: { visitId: string; revision: number }): Promise<void> {
      if (!(await convoked(input.visitId, input.revision))) return;
      await sendAbout(await visitOf(input.visitId), input.revision, 'VISIT_CANCELLED');
    },

    /**
     * Appointment `revision`, in person, will not take place though the visit goes on: it turned remote or the
     * employee excused the absence. The employee need not come; the calendar entry is withdrawn.
     */
    async withdrawInPersonAppointment(input: { visitId: string; revision: number; appointmentAt: string; professionalId: string }): Promise<void> {
      if (!(await convoked(input.visitId, input.revision))) return;
      const professional = await db.professional.findUniqueOrThrow({ where: { id: input.professionalId }, select: { displayName: true } });
      await sendAbout(await visitOf(input.visitId), input.revision, 'VISIT_APPOINTMENT_WITHDRAWN', {
        at: new Date(input.appointmentAt),
        professionalName: professional.displayName,
      });
    },
  };
}

export type ConvocationActivities = ReturnType<typeof createConvocationActivities>;
