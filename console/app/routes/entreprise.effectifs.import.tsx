// Issue 8, « déclaration d'effectifs »: the employer uploads a CSV of its staff, sees what it would change and
// every error by line, and applies it all at once when nothing is wrong. The preview lives at ?depot=<id>, so
// it survives a reload; application re-checks the stored file, never what the page sent back.
import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { z } from 'zod';
import { MAX_STAFF_FILE_BYTES, RISK_SEPARATOR, staffColumns } from '../../../activities/domain/staff-import.js';
import { frenchDate } from '../../../workflows/rules/calendar.js';
import { riskCodes } from '../../../workflows/rules/protocol-config.js';
import { FormAlert } from '../components/form.js';
import { audit } from '../services/audit.server.js';
import { requireEmployer, type SignedInEmployer } from '../services/auth.server.js';
import { consoleContext } from '../services/context.server.js';
import { frenchShortDateTime } from '../services/format.server.js';
import { formFailure, pageData } from '../services/http.server.js';
import { riskLabels } from '../services/labels.server.js';
import { applyStaffImport, checkStaffImport, storeStaffFile, type CheckedImport, type RowStatus } from '../services/staff-import.server.js';

export const meta: MetaFunction = () => [{ title: 'Déclaration d’effectifs — Santé au travail' }];

const PAGE = '/entreprise/effectifs/import';
const SHOWN_ROWS = 20;
const SHOWN_ERRORS = 500;
const statusLabels: Record<RowStatus, string> = {
  NEW: 'Nouvelle embauche',
  UNCHANGED: 'Déjà déclaré, inchangé',
  POST_DIFFERS: 'Déjà déclaré, poste différent (non modifié)',
};

function preview(checked: CheckedImport) {
  const count = (status: RowStatus) => checked.rows.filter((row) => row.status === status).length;
  return {
    id: checked.id,
    fileName: checked.fileName,
    uploadedAt: frenchShortDateTime(checked.createdAt),
    appliedAt: checked.appliedAt && frenchShortDateTime(checked.appliedAt),
    created: checked.employeeIds.length,
    followUpsStarted: checked.followUpsStartedAt !== null,
    fileError: checked.fileError,
    counts: {
      lines: checked.lineCount,
      newHires: count('NEW'),
      unchanged: count('UNCHANGED'),
      changes: count('POST_DIFFERS'),
      errors: checked.errors.length,
    },
    errors: checked.errors.slice(0, SHOWN_ERRORS),
    rows: checked.rows.slice(0, SHOWN_ROWS).map((row) => ({
      line: row.line,
      name: [row.input.usedName ?? row.input.birthName, row.input.firstNames].join(' '),
      birthDate: frenchDate(row.input.birthDate),
      hireDate: frenchDate(row.input.hireDate),
      post: row.input.post.title,
      risks: row.input.post.risks.map((risk) => riskLabels[risk]).join(', ') || 'Aucun',
      status: statusLabels[row.status],
    })),
  };
}

const importId = z.string().uuid();

export async function loader({ request }: LoaderFunctionArgs) {
  const employer = await requireEmployer(request);
  const requested = new URL(request.url).searchParams.get('depot');
  const help = {
    maxMiB: MAX_STAFF_FILE_BYTES / 1024 / 1024,
    riskSeparator: RISK_SEPARATOR,
    risks: riskCodes.map((code) => ({ code, label: riskLabels[code] })),
    columns: staffColumns.map(({ header, required }) => ({ header, required })),
  };
  if (requested === null) return { help, preview: null };
  const id = importId.safeParse(requested);
  if (!id.success) throw data({ message: 'Ce dépôt de fichier est introuvable.' }, { status: 404 });
  return {
    help,
    preview: preview(await pageData(() => checkStaffImport(consoleContext().db, employer.employerId, id.data))),
  };
}

function auditImport(request: Request, employer: SignedInEmployer, action: 'staff-import.upload' | 'staff-import.apply', checked: CheckedImport) {
  return audit(request, {
    actor: employer,
    action,
    entityType: 'StaffImport',
    entityId: checked.id,
    reason:
      `Employeur ${employer.employerId}, fichier « ${checked.fileName} » : ${checked.lineCount} ligne(s), ${checked.errors.length} erreur(s)` +
      (action === 'staff-import.apply' ? `, ${checked.employeeIds.length} salarié(s) enregistré(s)` : ''),
  });
}

const tooLarge = `Le fichier dépasse ${MAX_STAFF_FILE_BYTES / 1024 / 1024} Mio : découpez-le en plusieurs fichiers.`;

async function readForm(request: Request): Promise<FormData | null> {
  if (!request.headers.get('content-type')?.startsWith('multipart/form-data')) return request.formData();
  try {
    return await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_STAFF_FILE_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return null;
    throw error;
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const employer = await requireEmployer(request);
  const { db, temporal } = consoleContext();
  const form = await readForm(request);
  if (form === null) return data({ ok: false as const, message: tooLarge }, { status: 413 });
  const intent = form.get('intent');
  if (intent === 'upload') {
    const file = form.get('fichier');
    if (!(file instanceof File) || file.size === 0) {
      return data(
        {
          ok: false as const,
          message: 'Choisissez un fichier CSV (séparateur « ; » ou « , ») à déposer.',
        },
        { status: 400 }
      );
    }
    const id = await storeStaffFile(db, employer.employerId, file.name || 'effectifs.csv', new Uint8Array(await file.arrayBuffer()));
    await auditImport(request, employer, 'staff-import.upload', await checkStaffImport(db, employer.employerId, id));
    return redirect(`${PAGE}?depot=${id}`);
  }
  if (intent === 'apply') {
    const id = importId.safeParse(form.get('depot'));
    if (!id.success) return data({ ok: false as const, message: 'Ce dépôt de fichier est introuvable.' }, { status: 404 });
    try {
      await auditImport(request, employer, 'staff-import.apply', await applyStaffImport(db, temporal, employer.employerId, id.data));
    } catch (error) {
      return formFailure(error, 'apply');
    }
    return redirect(`${PAGE}?depot=${id.data}`);
  }
  return data({ ok: false as const, message: 'Action inconnue.' }, { status: 400 });
}

export default function StaffImport() {
  const { help, preview } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle';
  return (
    <>
      <h1>Déclaration d’effectifs</h1>
      <FormAlert failure={failure} />
      {preview ? <Preview preview={preview} busy={busy} /> : null}
      <section className="panel" aria-labelledby="depot-titre">
        <h2 id="depot-titre">{preview ? 'Déposer un autre fichier' : 'Déposer le fichier de vos salariés'}</h2>
        <p>
          Un fichier CSV (export d’un tableur, séparateur « ; » ou « , », encodage UTF-8 ou Windows), une ligne par salarié, la première ligne nommant les
          colonnes. Rien n’est enregistré avant que vous ne cliquiez sur « Appliquer », et seulement si le fichier ne comporte aucune erreur.{' '}
          <a href="/entreprise/effectifs/modele.csv">Télécharger le modèle</a>.
        </p>
        {/* Keyed by the preview: the file chosen before is not kept for the next upload. */}
        <Form method="post" encType="multipart/form-data" className="filters" key={preview?.id ?? 'nouveau'}>
          <input type="hidden" name="intent" value="upload" />
          <div className="field">
            <label htmlFor="fichier">Fichier CSV ({help.maxMiB} Mio au plus)</label>
            <input id="fichier" name="fichier" type="file" accept=".csv,text/csv" required />
          </div>
          <div className="actions">
            <button type="submit" className="button" disabled={busy}>
              Vérifier le fichier
            </button>
          </div>
        </Form>
        <details>
          <summary>Colonnes et codes de risques</summary>
          <p>
            Colonnes : {help.columns.map((column) => `${column.header}${column.required ? '' : ' (facultative)'}`).join(', ')}. Dates au format JJ/MM/AAAA ;
            Sexe « F » ou « M » ; Travail de nuit, Apprenti, Travailleur handicapé, Pension d’invalidité : « oui » ou « non ». Risques : codes séparés par «{' '}
            {help.riskSeparator} ».
          </p>
          <Table
            caption="Codes de risques admis"
            headers={['Code', 'Risque']}
            rows={help.risks.map((risk) => ({ key: risk.code, cells: [<code key="code">{risk.code}</code>, risk.label] }))}
          />
        </details>
      </section>
    </>
  );
}

type PreviewData = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['preview']>;

function Preview({ preview, busy }: { preview: PreviewData; busy: boolean }) {
  const { counts } = preview;
  return (
    <section className="panel" aria-labelledby="apercu-titre">
      <h2 id="apercu-titre">Fichier « {preview.fileName} »</h2>
      <p className="muted">Déposé le {preview.uploadedAt}</p>
      {preview.appliedAt ? (
        <div className="alert success" role="status">
          <p>
            Fichier appliqué le {preview.appliedAt} : {preview.created} salarié(s) enregistré(s).{' '}
            {preview.followUpsStarted ? 'Leur suivi a démarré : leurs premières visites sont ouvertes.' : 'Le démarrage de leur suivi n’a pas abouti.'}
          </p>
          <p>
            <Link to="/entreprise">Voir vos salariés</Link>
          </p>
        </div>
      ) : null}
      {preview.appliedAt ? null : <Findings preview={preview} />}
      {!preview.fileError && counts.errors === 0 && (!preview.appliedAt || !preview.followUpsStarted) ? (
        <Form method="post" className="actions">
          <input type="hidden" name="intent" value="apply" />
          <input type="hidden" name="depot" value={preview.id} />
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Application en cours…' : 'Appliquer'}
          </button>
          <span className="hint">
            {preview.appliedAt
              ? 'Démarre le suivi des salariés enregistrés.'
              : `Enregistre les ${counts.newHires} nouvelle(s) embauche(s) et démarre leur suivi.`}
          </span>
        </Form>
      ) : null}
    </section>
  );
}

/** What the file would do, before it is applied: counts, errors by line, the first rows. */
function Findings({ preview }: { preview: PreviewData }) {
  const { counts } = preview;
  return (
    <>
      {preview.fileError ? (
        <div className="alert error" role="alert">
          <p>{preview.fileError}</p>
        </div>
      ) : (
        <dl className="facts" aria-label="Résumé du fichier">
          <dt>Lignes lues</dt>
          <dd>{counts.lines}</dd>
          <dt>Nouvelles embauches</dt>
          <dd>{counts.newHires}</dd>
          <dt>Déjà déclarés, inchangés</dt>
          <dd>{counts.unchanged}</dd>
          <dt>Déjà déclarés, poste différent</dt>
          <dd>{counts.changes}</dd>
          <dt>Erreurs</dt>
          <dd>{counts.errors}</dd>
        </dl>
      )}
      {counts.changes > 0 ? (
        <div className="alert warning">
          <p>
            {counts.changes} salarié(s) déjà déclaré(s) figurent avec un autre poste : l’import ne modifie pas les salariés existants. Déclarez chaque
            changement de poste depuis la fiche du salarié, avec sa date d’affectation.
          </p>
        </div>
      ) : null}
      {counts.errors > 0 ? (
        <>
          <div className="alert error" role="alert">
            <p>Le fichier comporte {counts.errors} erreur(s) : rien ne sera enregistré. Corrigez-les dans votre tableur, puis déposez le fichier corrigé.</p>
          </div>
          <h3>Erreurs à corriger</h3>
          <Table
            caption={`Erreurs${counts.errors > preview.errors.length ? ` (les ${preview.errors.length} premières)` : ''}`}
            headers={['Ligne', 'Colonne', 'Erreur']}
            rows={preview.errors.map((error, index) => ({ key: index, cells: [error.line, error.column ?? '—', error.message] }))}
          />
        </>
      ) : null}
      {preview.rows.length > 0 ? (
        <>
          <h3>Aperçu</h3>
          <Table
            caption={preview.rows.length < counts.lines - counts.errors ? `Les ${preview.rows.length} premières lignes valides` : 'Lignes valides'}
            headers={['Ligne', 'Salarié', 'Naissance', 'Embauche', 'Poste', 'Risques', 'Effet']}
            rows={preview.rows.map((row) => ({ key: row.line, cells: [row.line, row.name, row.birthDate, row.hireDate, row.post, row.risks, row.status] }))}
          />
        </>
      ) : null}
    </>
  );
}

function Table({ caption, headers, rows }: { caption: string; headers: string[]; rows: { key: string | number; cells: ReactNode[] }[] }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {headers.map((header) => (
              <th scope="col" key={header}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              {row.cells.map((cell, index) => (
                <td key={index}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
