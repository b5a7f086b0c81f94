// Issue 5: each coordinator's named views of the visit list. A view is the list's query string, read again
// through the list's own filters, so a view saved with a value the list no longer knows just drops it.
import { filtersOf, listHref, parseListQuery } from '../../../activities/domain/visit-filters.js';
import { DomainError } from '../../../activities/domain/errors.js';
import { parseInput } from '../../../activities/domain/input.js';
import { Prisma } from '../../../prisma/generated/client.js';
import { savedViewFormSchema } from '../forms/saved-view-form.js';
import type { SignedInProfessional } from './auth.server.js';
import { consoleContext } from './context.server.js';

export interface SavedViewLink {
  id: string;
  name: string;
  href: string;
}

const VIEWS_PER_PERSON = 30;

function hrefOf(search: string): string {
  return listHref(filtersOf(parseListQuery(new URLSearchParams(search))));
}

export async function savedViewsOf(viewer: SignedInProfessional): Promise<SavedViewLink[]> {
  const views = await consoleContext().db.savedView.findMany({ where: { professionalId: viewer.id }, orderBy: { name: 'asc' }, select: { id: true, name: true, search: true } });
  return views.map((view) => ({ id: view.id, name: view.name, href: hrefOf(view.search) }));
}

/** Saves the filters of `search` (the list's query string) under a name; the page's position is not kept. */
export async function saveView(viewer: SignedInProfessional, fields: Record<string, unknown>): Promise<string> {
  const { name } = parseInput(savedViewFormSchema, fields);
  const href = hrefOf(typeof fields.search === 'string' ? fields.search : '');
  const search = href.split('?')[1];
  if (!search) throw new DomainError('VALIDATION', 'Choisissez au moins un filtre avant d’enregistrer la vue.');
  const { db } = consoleContext();
  if ((await db.savedView.count({ where: { professionalId: viewer.id } })) >= VIEWS_PER_PERSON) {
    throw new DomainError('CONFLICT', `${VIEWS_PER_PERSON} vues au plus : supprimez-en une avant d’en enregistrer une autre.`);
  }
  try {
    await db.savedView.create({ data: { professionalId: viewer.id, name, search } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new DomainError('CONFLICT', 'Certaines données sont invalides.', { name: 'Vous avez déjà une vue de ce nom' });
    }
    throw error;
  }
  return name;
}

export async function deleteView(viewer: SignedInProfessional, viewId: unknown): Promise<void> {
  const deleted = await consoleContext().db.savedView.deleteMany({ where: { id: typeof viewId === 'string' ? viewId : '', professionalId: viewer.id } });
  if (deleted.count === 0) throw new DomainError('NOT_FOUND', 'Vue introuvable.');
}
