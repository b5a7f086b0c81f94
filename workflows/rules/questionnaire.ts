// The pre-visit questionnaire (issue 8): administrators write its questions into the protocol configuration,
// the employee answers them on their personal page, the professional reads the answers on the consultation task.
// A question is known by its position in its protocol version; answers are filed with the question's wording.
import { z } from 'zod';
import { visitTypes, type VisitType } from './visit-types.js';

export const questionKinds = ['YES_NO', 'CHOICE', 'TEXT'] as const;
export type QuestionKind = (typeof questionKinds)[number];

export const questionKindLabels: Record<QuestionKind, string> = {
  YES_NO: 'Oui ou non',
  CHOICE: 'Un choix dans une liste',
  TEXT: 'Texte libre',
};

export const YES_NO_ANSWERS = ['Oui', 'Non'] as const;
const MAX_TEXT_ANSWER = 2000;

export const questionSchema = z
  .object({
    label: z.string().trim().min(5, 'Question trop courte (5 caractères au moins)').max(200, 'Question : 200 caractères au plus'),
    kind: z.enum(questionKinds, { message: 'Choisissez le type de réponse' }),
    // Only for CHOICE: the answers offered, in order.
    options: z.array(z.string().trim().min(1).max(80, 'Réponse proposée : 80 caractères au plus')).max(10, '10 réponses proposées au plus'),
    required: z.boolean(),
    // Empty: asked before every type of visit. Kept in the catalogue's order, so a diff shows only real changes.
    visitTypes: z.array(z.enum(visitTypes)).transform((chosen) => visitTypes.filter((type) => chosen.includes(type))),
  })
  .superRefine((question, context) => {
    if (question.kind === 'CHOICE' && question.options.length < 2) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ['options'], message: 'Proposez au moins deux réponses, une par ligne' });
    }
    if (question.kind !== 'CHOICE' && question.options.length > 0) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ['options'], message: 'Seule une question à choix propose des réponses' });
    }
  });
export type Question = z.infer<typeof questionSchema>;

export const questionnaireSchema = z.object({ questions: z.array(questionSchema).max(20, '20 questions au plus') });
export type Questionnaire = z.infer<typeof questionnaireSchema>;

export const defaultQuestionnaire: Questionnaire = {
  questions: [
    { label: 'Ressentez-vous des douleurs ou une gêne que vous reliez à votre travail ?', kind: 'YES_NO', options: [], required: true, visitTypes: [] },
    { label: 'Suivez-vous un traitement que le professionnel de santé devrait connaître ?', kind: 'TEXT', options: [], required: false, visitTypes: [] },
    { label: 'Comment jugez-vous votre charge de travail ?', kind: 'CHOICE', options: ['Légère', 'Normale', 'Élevée', 'Trop élevée'], required: true, visitTypes: [] },
    {
      label: 'Quels aménagements de poste vous sembleraient utiles pour votre reprise ?',
      kind: 'TEXT',
      options: [],
      required: false,
      visitTypes: ['PRE_REPRISE', 'REPRISE'],
    },
  ],
};

export interface AskedQuestion {
  /** Position in the protocol version's list. */
  index: number;
  question: Question;
}

/** The questions asked before a visit of this type. */
export function questionsFor(questionnaire: Questionnaire, type: VisitType): AskedQuestion[] {
  return questionnaire.questions.flatMap((question, index) => (question.visitTypes.length === 0 || question.visitTypes.includes(type) ? [{ index, question }] : []));
}

/** The field of the employee's form that answers question `index`. */
export const answerField = (index: number) => `q${index}`;

function answerSchema(question: Question) {
  const allowed: readonly string[] | null = question.kind === 'YES_NO' ? YES_NO_ANSWERS : question.kind === 'CHOICE' ? question.options : null;
  const answer = allowed
    ? z.string().refine((value) => value === '' || allowed.includes(value), 'Choisissez une des réponses proposées')
    : z.string().trim().max(MAX_TEXT_ANSWER, `Réponse : ${MAX_TEXT_ANSWER} caractères au plus`);
  const blankAsMissing = z.preprocess((value) => (value === undefined ? '' : value), answer);
  return question.required ? blankAsMissing.refine((value) => value.trim() !== '', 'Une réponse est attendue') : blankAsMissing;
}

/** The employee's form for the questions asked: the browser and the server check it with this same schema. */
export function answersSchemaFor(asked: readonly AskedQuestion[]) {
  return z.object(Object.fromEntries(asked.map(({ index, question }) => [answerField(index), answerSchema(question)])));
}

// A type, not an interface: it is stored as JSON as it is.
export type FiledAnswer = {
  index: number;
  /** The question's wording when it was answered. */
  question: string;
  answer: string;
};

/** The answers as filed for the professional: in order, each with the wording it answered, blanks left out. */
export function filedAnswers(asked: readonly AskedQuestion[], parsed: Record<string, string>): FiledAnswer[] {
  return asked.flatMap(({ index, question }) => {
    const answer = (parsed[answerField(index)] ?? '').trim();
    return answer === '' ? [] : [{ index, question: question.label, answer }];
  });
}
