// Issue 5: the professionals' planning, per week and per day; opened from a visit to schedule, its free
// slots book that visit.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react';
import { CodedReasonFields } from '../components/coded-reason-fields.js';
import { FormAlert, useIntentFailure } from '../components/form.js';
import { requireProfessional } from '../services/auth.server.js';
import { formFailure, pageData } from '../services/http.server.js';
import { bookSlot, loadPlanning, parsePlanningQuery, planningHref, type Planning } from '../services/planning.server.js';

const DECIDERS = ['ASSISTANT', 'ADMIN', 'DOCTOR', 'NURSE'] as const;

export const meta: MetaFunction = () => [{ title: 'Planning — Santé au travail' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireProfessional(request, DECIDERS);
  const query = parsePlanningQuery(new URL(request.url).searchParams);
  return pageData(async () => {
    const planning = await loadPlanning(query);
    const dayHref = (professionalId: string, day: string) => planningHref({ ...query, view: 'jour', date: day, professionalId });
    return { ...planning, dayLinks: Object.fromEntries(planning.rows.map((row) => [row.id, Object.fromEntries(planning.days.map(({ day }) => [day, dayHref(row.id, day)]))])) };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const professional = await requireProfessional(request, DECIDERS);
  const fields = Object.fromEntries(await request.formData());
  try {
    return redirect(`/visites/${await bookSlot(request, professional, fields)}`);
  } catch (error) {
    return formFailure(error, 'book');
  }
}

// The native fields need only their name: the form is posted as is and checked on the server.
const nativeFields = { register: (name: never) => ({ name }) };

export default function PlanningPage() {
  const planning = useLoaderData<typeof loader>();
  const { query, rows, booking, links, professionalOptions } = planning;
  const failure = useIntentFailure('book');
  const busy = useNavigation().state !== 'idle';
  const grid = query.view === 'jour' ? <DayGrid planning={planning} /> : <WeekGrid planning={planning} dayLinks={planning.dayLinks} />;

  return (
    <>
      <h1>Planning des professionnels</h1>
      {booking ? (
        <div className="alert info" role="status">
          <p>
            {booking.rescheduling ? 'Report' : 'Réservation'} pour {booking.employee} — {booking.type}
            {booking.remote ? ', en téléconsultation' : ''}. Choisissez un créneau libre.{' '}
            <Link to={`/visites/${booking.id}`}>Retour à la visite</Link>
          </p>
        </div>
      ) : null}
      <nav className="actions" aria-label="Période">
        <Link to={links.previous}>← {query.view === 'jour' ? 'Jour précédent' : 'Semaine précédente'}</Link>
        <Link to={links.next}>{query.view === 'jour' ? 'Jour suivant' : 'Semaine suivante'} →</Link>
        {query.view === 'jour' ? <Link to={links.week}>Voir la semaine</Link> : null}
      </nav>
      <Form method="get" className="filters" key={`${query.date}-${query.professionalId ?? ''}`}>
        <input type="hidden" name="vue" value={query.view} />
        <input type="hidden" name="date" value={query.date} />
        {query.visitId ? <input type="hidden" name="visite" value={query.visitId} /> : null}
        <div className="field">
          <label htmlFor="professionnel">Professionnel</label>
          <select id="professionnel" name="professionnel" defaultValue={query.professionalId ?? ''}>
            <option value="">Tous</option>
            {professionalOptions.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button secondary">
          Afficher
        </button>
      </Form>

      {booking ? (
        <Form method="post">
          <FormAlert failure={failure} />
          <input type="hidden" name="visitId" value={booking.id} />
          {booking.reasons ? (
            <CodedReasonFields form={nativeFields} idPrefix="report" label="Motif du report" options={booking.reasons} errorOf={(name) => failure?.fields?.[name]} />
          ) : null}
          <fieldset disabled={busy}>{grid}</fieldset>
        </Form>
      ) : (
        grid
      )}
      {rows.length === 0 ? <p className="panel">Aucun professionnel ne peut réaliser cette visite.</p> : null}
      <p className="muted">
        Créneaux de {planning.slotMinutes} minutes, du lundi au vendredi, 9 h – 12 h et 14 h – 17 h 30 (heure de Paris) : les horaires propres à
        chaque professionnel et ses absences ne sont pas encore gérés.
      </p>
    </>
  );
}

function BookedList({ entries }: { entries: { visitId: string; label: string; time?: string }[] }) {
  if (entries.length === 0) return null;
  return (
    <ul>
      {entries.map((entry) => (
        <li key={entry.visitId}>
          {entry.time ? `${entry.time} ` : ''}
          <Link to={`/visites/${entry.visitId}`}>{entry.label}</Link>
        </li>
      ))}
    </ul>
  );
}

/** Rows are professionals, columns the working days: what is booked, and how many slots are free. */
function WeekGrid({ planning, dayLinks }: { planning: Planning; dayLinks: Record<string, Record<string, string>> }) {
  return (
    <div className="table-wrap">
      <table className="planning">
        <caption>Semaine du {planning.days[0]!.label}</caption>
        <thead>
          <tr>
            <th scope="col">Professionnel</th>
            {planning.days.map(({ day, label }) => (
              <th key={day} scope="col">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {planning.rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">{row.label}</th>
              {row.days.map((day) => (
                <td key={day.day}>
                  <BookedList
                    entries={[
                      ...day.slots.flatMap((slot) => slot.booked.map((entry) => ({ ...entry, time: slot.time }))),
                      ...day.outside,
                    ].sort((a, b) => a.time.localeCompare(b.time))}
                  />
                  {day.closedBecause ? <p className="slot-free">{day.closedBecause}</p> : null}
                  <Link to={dayLinks[row.id]![day.day]!} aria-label={`${day.free} créneaux libres, ${row.label}, ${planning.days.find((entry) => entry.day === day.day)!.label}`}>
                    {day.free} créneau{day.free > 1 ? 'x' : ''} libre{day.free > 1 ? 's' : ''}
                  </Link>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Rows are the slots of one day, columns the professionals; a free slot books the visit being scheduled. */
function DayGrid({ planning }: { planning: Planning }) {
  const { rows } = planning;
  const times = rows[0]?.days[0]?.slots.map((slot) => slot.time) ?? [];
  return (
    <div className="table-wrap">
      <table className="planning">
        <caption>{planning.days[0]!.label}</caption>
        <thead>
          <tr>
            <th scope="col">Heure</th>
            {rows.map((row) => (
              <th key={row.id} scope="col">
                {row.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {times.map((time, index) => (
            <tr key={time}>
              <th scope="row">{time}</th>
              {rows.map((row) => {
                const slot = row.days[0]!.slots[index]!;
                return (
                  <td key={row.id}>
                    <BookedList entries={slot.booked} />
                    {slot.booked.length > 0 ? null : slot.bookable ? (
                      <button type="submit" name="slot" value={`${row.id}|${slot.local}`} className="button secondary" aria-label={`Réserver ${time} avec ${row.label}`}>
                        Réserver
                      </button>
                    ) : (
                      <span className="slot-free">{slot.closedBecause ?? 'Libre'}</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
          {rows.some((row) => row.days[0]!.outside.length > 0) ? (
            <tr>
              <th scope="row">Hors créneaux</th>
              {rows.map((row) => (
                <td key={row.id}>
                  <BookedList entries={row.days[0]!.outside} />
                </td>
              ))}
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
