// Issue 8: the employee's page of an in-person convocation, reached by the personal link of its email (no
// account): the appointment, the place and the documents to bring from the visit's protocol version, the
// pre-visit questionnaire, and once the visit is over its attestation or avis. Never clinical content.
import { DomainError } from '../../../activities/domain/errors.js';
import { protocolConfigOf } from '../../../activities/domain/protocol.js';
import { plausibleToken, tokenHash } from '../../../activities/teleconsultation/links.js';
import { visitTypeLabels } from '../../../workflows/rules/labels.js';
import { audit } from './audit.server.js';
import { consoleContext } from './context.server.js';
import { EMPLOYEE_LINK } from './decisions.server.js';
import { frenchDateTime } from './format.server.js';
import { employeeQuestionnaire, recordQuestionnaireAnswers } from './questionnaire.server.js';
import { professionalLabel, UNKNOWN_LINK } from './teleconsultation.server.js';

const EXPIRED_LINK = 'Ce lien a expiré. Contactez le service de santé au travail si vous avez besoin d’un document de votre visite.';
/** The document stays downloadable this long after the visit, as the end-of-visit email's links do. */
const DOCUMENT_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;
/** What the employee may keep: never the teleconsultation report, which is medical content (R-TELE-12). */
const EMPLOYEE_DOCUMENT_KINDS = ['ATTESTATION', 'AVIS'] as const;

async function convocationVisit(token: string, now: Date) {
  const visit = plausibleToken(token)
    ? await consoleContext().db.visit.findUnique({
        where: { convocationTokenHash: tokenHash(token) },
        select: {
          id: true,
          type: true,
          status: true,
          modality: true,
          protocolVersion: true,
          appointmentAt: true,
          concludedAt: true,
          employee: { select: { firstNames: true } },
          assignedProfessional: { select: { displayName: true, role: true } },
          documents: { where: { kind: { in: [...EMPLOYEE_DOCUMENT_KINDS] } }, select: { id: true, kind: true, fileName: true }, take: 1 },
        },
      })
    : null;
  if (!visit) throw new DomainError('NOT_FOUND', UNKNOWN_LINK);
  if (visit.concludedAt && now.getTime() > visit.concludedAt.getTime() + DOCUMENT_DAYS * DAY_MS) throw new DomainError('NOT_FOUND', EXPIRED_LINK);
  return visit;
}
type ConvocationVisit = Awaited<ReturnType<typeof convocationVisit>>;

/** An in-person appointment is coming: the page convokes, and the questionnaire may be answered. */
const convokes = (visit: ConvocationVisit) => visit.status === 'SCHEDULED' && visit.modality === 'IN_PERSON' && visit.appointmentAt !== null;

/** The page, by where the visit stands now: the link outlives a moved appointment, a refusal or the visit itself. */
export async function loadConvocation(token: string, now = new Date()) {
  const visit = await convocationVisit(token, now);
  const common = { firstNames: visit.employee.firstNames, visitType: visitTypeLabels[visit.type] };
  if (visit.status === 'CANCELLED') return { ...common, state: 'CANCELLED' as const };
  if (visit.status === 'COMPLETED') {
    const document = visit.documents[0];
    return {
      ...common,
      state: 'COMPLETED' as const,
      concludedAt: visit.concludedAt ? frenchDateTime(visit.concludedAt) : null,
      document: document ? { title: document.kind === 'AVIS' ? 'Avis du médecin du travail' : 'Attestation de suivi', fileName: document.fileName } : null,
    };
  }
  if (!convokes(visit)) return { ...common, state: visit.status === 'SCHEDULED' ? ('REMOTE' as const) : ('TO_SCHEDULE' as const) };
  const { convocation } = await protocolConfigOf(consoleContext().db, visit.protocolVersion);
  return {
    ...common,
    state: 'CONVOKED' as const,
    appointment: frenchDateTime(visit.appointmentAt!),
    professional: professionalLabel(visit.assignedProfessional),
    place: convocation.place,
    documentsToBring: convocation.documentsToBring
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
    questionnaire: await employeeQuestionnaire(visit),
  };
}
export type ConvocationPage = Awaited<ReturnType<typeof loadConvocation>>;

export async function answerConvocationQuestionnaire(request: Request, token: string, fields: Record<string, unknown>, now = new Date()): Promise<void> {
  const visit = await convocationVisit(token, now);
  if (!convokes(visit)) throw new DomainError('CONFLICT', 'Le questionnaire se remplit avant la visite, tant que le rendez-vous tient.');
  await recordQuestionnaireAnswers(request, visit, fields);
}

/** The attestation or avis of the visit, audited: the employee keeps their own document (R-TELE-12). */
export async function convocationDocument(request: Request, token: string, now = new Date()) {
  const visit = await convocationVisit(token, now);
  const document = visit.status === 'COMPLETED' ? visit.documents[0] : undefined;
  if (!document) throw new DomainError('NOT_FOUND', 'Aucun document n’est disponible pour cette visite.');
  await audit(request, { actor: EMPLOYEE_LINK, action: 'document.download', entityType: 'Document', entityId: document.id, reason: 'Téléchargement par le salarié (lien de convocation)' });
  return consoleContext().db.document.findUniqueOrThrow({ where: { id: document.id }, select: { fileName: true, content: true } });
}
