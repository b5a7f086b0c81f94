// Issue 5: a coordinator's named views of the visit list: links everywhere, and on the list itself the form
// that names the current filters and the buttons that delete a view.
import { Form, Link, useLocation } from '@remix-run/react';
import { savedViewFormSchema } from '../forms/saved-view-form.js';
import { FormAlert, TextField, useIntentFailure, useValidatedForm } from './form.js';

interface SavedViewLink {
  id: string;
  name: string;
  href: string;
}

export function SavedViewLinks({ views, deletable = false }: { views: readonly SavedViewLink[]; deletable?: boolean }) {
  if (views.length === 0) return <p className="muted">Aucune vue enregistrée : filtrez la liste des visites, puis nommez ces filtres.</p>;
  return (
    <ul className="saved-views">
      {views.map((view) => (
        <li key={view.id}>
          <Link to={view.href}>{view.name}</Link>
          {deletable ? (
            <Form method="post">
              <input type="hidden" name="viewId" value={view.id} />
              <button type="submit" name="intent" value="delete-view" className="link-like" aria-label={`Supprimer la vue « ${view.name} »`}>
                Supprimer
              </button>
            </Form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function SaveViewForm() {
  const location = useLocation();
  const { form, onSubmit, errorOf } = useValidatedForm(savedViewFormSchema, { failure: useIntentFailure('save-view') });
  return (
    <Form method="post" onSubmit={onSubmit} noValidate className="filters">
      <input type="hidden" name="intent" value="save-view" />
      <input type="hidden" name="search" value={location.search} />
      <TextField form={form} id="vue-nom" name="name" label="Nommer ces filtres" error={errorOf('name')} />
      <div className="actions">
        <button type="submit" className="button secondary">
          Enregistrer la vue
        </button>
      </div>
      <FormAlert failure={useIntentFailure('save-view')} />
    </Form>
  );
}
