// Forms validated twice with one zod schema: react-hook-form checks it in the browser (errors next to
// each field, focus on the first), then Remix posts the native form and the action parses it again.
import { zodResolver } from '@hookform/resolvers/zod';
import { Form, useActionData, useSubmit } from '@remix-run/react';
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { get, set, useForm, type DefaultValues, type FieldErrors, type FieldValues } from 'react-hook-form';
import type { z } from 'zod';

export interface ServerFailure {
  message: string;
  fields?: Record<string, string>;
}

function serverFieldErrors<Values extends FieldValues>(fields: Record<string, string> | undefined): FieldErrors<Values> | undefined {
  if (!fields) return undefined;
  // Nested like react-hook-form's own errors: a dotted name (`reprise.deadlineDaysAfterReturn`) is a path.
  const errors = {};
  for (const [name, message] of Object.entries(fields)) set(errors, name, { type: 'server', message });
  return errors as FieldErrors<Values>;
}

/** On a page with several forms, the action's refusal when it answers the form of `intent`. */
export function useIntentFailure(intent: string): ServerFailure | null {
  const result = useActionData<{ ok: boolean; intent?: string; message: string; fields?: Record<string, string> }>();
  return result && !result.ok && result.intent === intent ? result : null;
}

export function useValidatedForm<Schema extends z.ZodTypeAny>(
  schema: Schema,
  options: {
    defaultValues?: DefaultValues<z.input<Schema>>;
    failure?: ServerFailure | null;
    /** Asked once the form is valid, before it is sent: for decisions that cannot be undone. */
    confirm?: string;
    /**
     * Keeps what was typed in this tab's sessionStorage under this key, restored if the page is left and
     * opened again, dropped when the form is sent or the user signs out (clinical text: never localStorage).
     */
    draftKey?: string;
  } = {},
) {
  const submit = useSubmit();
  const serverFields = options.failure?.fields;
  // Memoised: react-hook-form applies `errors` whenever its identity changes.
  const errors = useMemo(() => serverFieldErrors<z.input<Schema>>(serverFields), [serverFields]);
  const form = useForm<z.input<Schema>, unknown, z.output<Schema>>({
    resolver: zodResolver(schema),
    defaultValues: options.defaultValues,
    // The action's field errors, shown exactly like the browser's own.
    errors,
    shouldFocusError: true,
  });
  const draftKey = options.draftKey && `${DRAFT_PREFIX}${options.draftKey}`;
  const [draftRestored, setDraftRestored] = useState(false);
  const { reset, watch } = form;
  useEffect(() => {
    if (!draftKey) return;
    const saved = window.sessionStorage.getItem(draftKey);
    if (saved) {
      reset(JSON.parse(saved) as z.input<Schema>);
      setDraftRestored(true);
    }
    const subscription = watch((values) => window.sessionStorage.setItem(draftKey, JSON.stringify(values)));
    return () => subscription.unsubscribe();
  }, [draftKey, reset, watch]);
  const discardDraft = () => {
    if (draftKey) window.sessionStorage.removeItem(draftKey);
    reset(options.defaultValues);
    setDraftRestored(false);
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    void form.handleSubmit(() => {
      if (options.confirm && !window.confirm(options.confirm)) return;
      if (draftKey) window.sessionStorage.removeItem(draftKey);
      submit(element, { method: 'post' });
    })(event);
  };
  const errorOf = (name: string): string | undefined => {
    const message = (get(form.formState.errors, name) as { message?: unknown } | undefined)?.message;
    return typeof message === 'string' ? message : undefined;
  };
  return { form, onSubmit, errorOf, draftRestored, discardDraft };
}

const DRAFT_PREFIX = 'brouillon:';

/** At sign-out: a shared workstation keeps no one's drafts. */
export function clearDrafts(): void {
  for (const key of Object.keys(window.sessionStorage)) if (key.startsWith(DRAFT_PREFIX)) window.sessionStorage.removeItem(key);
}

/** Says a draft was restored, and offers to start again from an empty form. */
export function DraftNotice({ restored, onDiscard }: { restored: boolean; onDiscard: () => void }) {
  if (!restored) return null;
  return (
    <div className="alert info" role="status">
      <p>
        Brouillon restauré : vous aviez commencé ce formulaire sans l’envoyer.{' '}
        <button type="button" className="link-like" onClick={onDiscard}>
          Effacer le brouillon
        </button>
      </p>
    </div>
  );
}

/** The ids that tie a field to its hint and its error, for aria-describedby. */
export function describedBy(id: string, options: { hint?: boolean; error?: string }): string | undefined {
  const ids = [options.hint ? `${id}-aide` : null, options.error ? `${id}-erreur` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="hint" id={`${id}-aide`}>
          {hint}
        </span>
      ) : null}
      {children}
      <FieldError id={id} error={error} />
    </div>
  );
}

/** What every registered field takes: the react-hook-form form, its name, and what the person reads. */
interface RegisteredField {
  form: { register: (name: never) => object };
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
}

/** A text field (a textarea when `rows` is given): label, hint, error and aria wiring in one place. */
export function TextField({
  form,
  id,
  name,
  label,
  hint,
  error,
  type = 'text',
  rows,
}: RegisteredField & {
  type?: 'text' | 'date' | 'tel' | 'email';
  rows?: number;
}) {
  const common = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, { hint: Boolean(hint), error }),
    ...form.register(name as never),
  };
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {rows ? <textarea rows={rows} {...common} /> : <input type={type} {...common} />}
    </Field>
  );
}

/** A whole number with its unit; read as a number, so the workflows' schema checks it as the server will. */
export function NumberField({ form, id, name, label, hint, error, unit }: Omit<RegisteredField, 'form'> & { form: { register: (name: never, options: { valueAsNumber: true }) => object }; unit: string }) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <span className="number-with-unit">
        <input
          type="number"
          inputMode="numeric"
          id={id}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, { hint: Boolean(hint), error })}
          {...form.register(name as never, { valueAsNumber: true })}
        />{' '}
        {unit}
      </span>
    </Field>
  );
}

/** A choice from a list, with an empty first option: label, hint, error and aria wiring in one place. */
export function SelectField({
  form,
  id,
  name,
  label,
  hint,
  error,
  empty,
  options,
}: RegisteredField & {
  /** The first option's text; its value is empty. */
  empty: string;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, { hint: Boolean(hint), error })} {...form.register(name as never)}>
        <option value="">{empty}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p className="field-error" id={`${id}-erreur`}>
      {error}
    </p>
  ) : null;
}

/** The form-level message (a refusal, an unavailable engine): announced and focused when it appears. */
export function FormAlert({ failure }: { failure?: ServerFailure | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (failure) ref.current?.focus();
  }, [failure]);
  if (!failure) return null;
  return (
    <div className="alert error" role="alert" tabIndex={-1} ref={ref}>
      <p>{failure.message}</p>
    </div>
  );
}

/** The action's success, announced once the page has settled. */
export function SuccessAlert({ message }: { message: string }) {
  return (
    <div className="alert success" role="status">
      <p>{message}</p>
    </div>
  );
}

/** A page's one setting in its URL (a GET form): the select, and the button that applies it without JavaScript. */
export function QuerySelect({
  name,
  label,
  value,
  options,
  submitLabel,
}: {
  name: string;
  label: string;
  value: string | number;
  options: readonly { value: string | number; label: string }[];
  submitLabel: string;
}) {
  return (
    <Form method="get" className="filters panel" key={value}>
      <div className="field">
        <label htmlFor={name}>{label}</label>
        <select id={name} name={name} defaultValue={value}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button type="submit" className="button secondary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
