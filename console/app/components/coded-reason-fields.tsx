// The coded reason of a coordinator's decision (issue 5): a motive from the protocol's list, then free text.
import type { ReasonOption } from '../../../workflows/rules/protocol-config.js';
import { SelectField, TextField } from './form.js';

export function CodedReasonFields({
  form,
  idPrefix,
  label,
  options,
  errorOf,
}: {
  form: { register: (name: never) => object };
  idPrefix: string;
  label: string;
  options: readonly ReasonOption[];
  errorOf: (name: string) => string | undefined;
}) {
  return (
    <>
      <SelectField
        form={form}
        id={`${idPrefix}-motif`}
        name="reasonCode"
        label={label}
        empty="Choisir un motif…"
        options={options.map((option) => ({ value: option.code, label: option.label }))}
        error={errorOf('reasonCode')}
      />
      <TextField
        form={form}
        id={`${idPrefix}-precisions`}
        name="reasonDetails"
        label="Précisions"
        hint="Obligatoires pour « Autre motif ». Conservées au dossier et visibles dans l’historique : pas d’information médicale."
        error={errorOf('reasonDetails')}
        rows={2}
      />
    </>
  );
}
