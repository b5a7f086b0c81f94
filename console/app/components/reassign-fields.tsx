// Issue 5: who takes the visits over, and why; the same fields on a visit's page and on the bulk reassignment.
import type { ReasonOption } from '../../../workflows/rules/protocol-config.js';
import { CodedReasonFields } from './coded-reason-fields.js';
import { SelectField } from './form.js';

export function ReassignFields({
  form,
  idPrefix,
  professionals,
  reasons,
  errorOf,
}: {
  form: { register: (name: never) => object };
  idPrefix: string;
  professionals: readonly { id: string; label: string }[];
  reasons: readonly ReasonOption[];
  errorOf: (name: string) => string | undefined;
}) {
  return (
    <>
      <SelectField
        form={form}
        id={`${idPrefix}-professionnel`}
        name="professionalId"
        label="Confier à"
        hint="Le rendez-vous et sa modalité ne changent pas. Une téléconsultation repart avec un nouveau lien et un nouveau consentement du salarié."
        empty="Choisir un professionnel…"
        options={professionals.map((professional) => ({ value: professional.id, label: professional.label }))}
        error={errorOf('professionalId')}
      />
      <CodedReasonFields form={form} idPrefix={idPrefix} label="Motif de la réaffectation" options={reasons} errorOf={errorOf} />
    </>
  );
}
