// Issue 8: the pre-visit questionnaire as the employee's pages show it (teleconsultation link, in-person
// convocation), checked in the browser with the schema the server parses the answers with.
import { useNavigation } from '@remix-run/react';
import { useMemo } from 'react';
import { answerField, answersSchemaFor, YES_NO_ANSWERS, type AskedQuestion } from '../../../workflows/rules/questionnaire.js';
import { FormAlert, SelectField, TextField, useIntentFailure, useValidatedForm } from './form.js';

export interface EmployeeQuestionnaire {
  asked: AskedQuestion[];
  answeredAt: string | null;
}

/** The questions the protocol asks before this visit; the form posts them with intent `questionnaire`. */
export function PreVisitQuestionnaire({ questionnaire }: { questionnaire: EmployeeQuestionnaire }) {
  const failure = useIntentFailure('questionnaire');
  const busy = useNavigation().state !== 'idle';
  const schema = useMemo(() => answersSchemaFor(questionnaire.asked), [questionnaire.asked]);
  const { form, onSubmit, errorOf } = useValidatedForm(schema, { failure });
  return (
    <section className="panel" aria-labelledby="questionnaire-titre">
      <h2 id="questionnaire-titre">Questionnaire avant la visite</h2>
      <p>Vos réponses sont lues par le professionnel de santé qui vous reçoit, et par lui seul ; elles ne sont pas transmises à votre employeur.</p>
      {questionnaire.answeredAt ? (
        <p className="muted">Vous avez répondu le {questionnaire.answeredAt}. Pour corriger, répondez à nouveau : vos nouvelles réponses remplacent les précédentes.</p>
      ) : null}
      <FormAlert failure={failure} />
      <form method="post" onSubmit={onSubmit} noValidate>
        <input type="hidden" name="intent" value="questionnaire" />
        {questionnaire.asked.map(({ index, question }) => {
          const name = answerField(index);
          const label = question.required ? question.label : `${question.label} (facultatif)`;
          const common = { form, id: `question-${index}`, name, label, error: errorOf(name) };
          if (question.kind === 'TEXT') return <TextField key={index} {...common} rows={3} />;
          const answers = question.kind === 'YES_NO' ? YES_NO_ANSWERS : question.options;
          return <SelectField key={index} {...common} empty="Choisir une réponse…" options={answers.map((answer) => ({ value: answer, label: answer }))} />;
        })}
        <button type="submit" className="button" disabled={busy}>
          Envoyer mes réponses
        </button>
      </form>
    </section>
  );
}
