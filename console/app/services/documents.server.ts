// Visit documents as PDF downloads for staff; every download is audited. Attestations and avis are
// administrative; a teleconsultation report is medical content, for doctors and nurses within their delegation only (R-DATA-2, R-DEL-1).
// (Employers download theirs from the portal: employer-portal.server.ts.)
import { mayReadClinicalContent } from '../../../activities/domain/delegation.js';
import { DomainError } from '../../../activities/domain/errors.js';
import { parisCivilDate } from '../../../workflows/rules/calendar.js';
import { audit } from './audit.server.js';
import type { SignedInProfessional } from './auth.server.js';
import { consoleContext } from './context.server.js';

export async function documentDownload(request: Request, viewer: SignedInProfessional, documentId: string): Promise<Response> {
  const document = await consoleContext().db.document.findUnique({
    where: { id: documentId },
    select: { id: true, kind: true, fileName: true, content: true, visit: { select: { type: true, assignedProfessionalId: true } } },
  });
  if (!document) throw new DomainError('NOT_FOUND', 'Document introuvable.');
  if (document.kind === 'REPORT' && !(await mayReadClinicalContent(consoleContext().db, viewer, document.visit, parisCivilDate(new Date())))) {
    await audit(request, { actor: viewer, action: 'document.download.refused', entityType: 'Document', entityId: document.id, reason: 'Compte rendu réservé aux médecins et aux infirmiers dans leur délégation' });
    throw new DomainError('REFUSED', 'Le compte rendu de téléconsultation est réservé aux médecins, et aux infirmiers pour les visites de leur protocole de délégation.');
  }
  await audit(request, { actor: viewer, action: 'document.download', entityType: 'Document', entityId: document.id, reason: 'Téléchargement du document' });
  return pdfDownload(document);
}

/** A download route's answer: the PDF, or the domain's refusal as a short French text (no page around it). */
export async function downloadOrRefusal(download: () => Promise<Response>): Promise<Response> {
  try {
    return await download();
  } catch (error) {
    if (error instanceof DomainError) {
      return new Response(error.message, { status: error.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    }
    throw error;
  }
}

export function pdfDownload(document: { fileName: string; content: Uint8Array<ArrayBuffer> }): Response {
  // The ASCII name for old clients, the exact one (RFC 5987) for the others.
  const asciiName = document.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return new Response(document.content, {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(document.fileName)}`,
      'Content-Length': String(document.content.byteLength),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
