// The pre-visit questionnaire (issue 8) on the console's side: what the employee's personal page asks and
// files, and what the consultation task shows the professional. The questions come from the visit's own
// protocol version, so a publication never changes what an employee already answered.
import { DomainError } from '../../../activities/domain/errors.js';
import { parseInput } from '../../../activities/domain/input.js';
import { protocolConfigOf } from '../../../activities/domain/protocol.js';
import { answersSchemaFor, filedAnswers, questionsFor, type AskedQuestion, type FiledAnswer } from '../../../workflows/rules/questionnaire.js';
import type { VisitType } from '../../../workflows/rules/visit-types.js';
import { audit } from './audit.server.js';
import { consoleContext } from './context.server.js';
import { EMPLOYEE_LINK } from './decisions.server.js';
import { frenchShortDateTime } from './format.server.js';

interface QuestionnaireVisit {
  id: string;
  type: VisitType;
  protocolVersion: number;
}

async function askedFor(visit: QuestionnaireVisit): Promise<AskedQuestion[]> {
  return questionsFor((await protocolConfigOf(consoleContext().db, visit.protocolVersion)).questionnaire, visit.type);
}

async function filedFor(visitId: string) {
  const filed = await consoleContext().db.questionnaireAnswers.findUnique({ where: { visitId }, select: { answers: true, updatedAt: true } });
  return filed ? { answers: filed.answers as unknown as FiledAnswer[], updatedAt: frenchShortDateTime(filed.updatedAt) } : null;
}

/**
 * The questions of the employee's page and when they last answered. The answers are not shown back: the
 * link alone, without the access code, must not reveal health data to whoever holds it.
 */
export async function employeeQuestionnaire(visit: QuestionnaireVisit) {
  const asked = await askedFor(visit);
  if (asked.length === 0) return null;
  return { asked, answeredAt: (await filedFor(visit.id))?.updatedAt ?? null };
}

/** Files the employee's answers, replacing earlier ones; the answers are health data, kept out of the audit trail. */
export async function recordQuestionnaireAnswers(request: Request, visit: QuestionnaireVisit, fields: Record<string, unknown>): Promise<void> {
  const asked = await askedFor(visit);
  if (asked.length === 0) throw new DomainError('CONFLICT', 'Aucun questionnaire n’est prévu avant cette visite.');
  const parsed = parseInput(answersSchemaFor(asked), fields) as Record<string, string>;
  const answers = filedAnswers(asked, parsed);
  await consoleContext().db.questionnaireAnswers.upsert({
    where: { visitId: visit.id },
    create: { visitId: visit.id, protocolVersion: visit.protocolVersion, answers },
    update: { answers },
  });
  await audit(request, { actor: EMPLOYEE_LINK, action: 'questionnaire.answer', entityType: 'Visit', entityId: visit.id, reason: `${answers.length} réponse(s)` });
}

/** What the professional reads on the consultation task; the caller checks the right and audits the read. */
export async function questionnaireAnswersOf(visitId: string) {
  const filed = await filedFor(visitId);
  return filed ? { answers: filed.answers.map(({ question, answer }) => ({ question, answer })), updatedAt: filed.updatedAt } : null;
}
