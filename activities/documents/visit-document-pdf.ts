// The end-of-visit document (R-VIP-6, R-TELE-12): it carries no clinical content, only what the
// employer may receive: the visit, its date, the conclusion, proposed measures and the next due date.
import { createPdfWriter } from './pdf-writer.js';

export interface VisitDocumentData {
  serviceName: string;
  title: string;
  employeeName: string;
  employeeBirthDate: string;
  employerName: string;
  employerSiret: string;
  visitTypeLabel: string;
  /** R-MID-1: one attestation states both visits. */
  alsoMidCareer: boolean;
  visitDate: string;
  outcomeLabel: string;
  proposedMeasures?: string;
  nextVisitDueDate?: string;
  professionalName: string;
  professionalRoleLabel: string;
}

export async function renderVisitDocumentPdf(data: VisitDocumentData): Promise<Uint8Array> {
  const { write, skip, save } = await createPdfWriter(`${data.title} — ${data.employeeName}`);
  write(data.serviceName, { size: 10 });
  skip(10);
  write(data.title, { size: 18, bold: true });
  skip(8);
  write(`Salarié : ${data.employeeName}, né(e) le ${data.employeeBirthDate}`);
  write(`Employeur : ${data.employerName} (SIRET ${data.employerSiret})`);
  write(`Visite : ${data.visitTypeLabel}, réalisée le ${data.visitDate}`);
  if (data.alsoMidCareer) write('Cette visite vaut également visite de mi-carrière.');
  write(`Par : ${data.professionalName}, ${data.professionalRoleLabel}`);
  skip(8);
  write(`Conclusion : ${data.outcomeLabel}`, { bold: true });
  if (data.proposedMeasures) write(`Mesures proposées : ${data.proposedMeasures}`);
  if (data.nextVisitDueDate) write(`Prochaine visite à réaliser au plus tard le : ${data.nextVisitDueDate}`, { bold: true });
  skip(8);
  write('Ce document ne contient aucune information médicale.', { size: 9 });
  return save();
}
