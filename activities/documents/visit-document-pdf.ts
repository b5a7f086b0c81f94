// The end-of-visit document (R-VIP-6, R-TELE-12): it carries no clinical content, only what the
// employer may receive: the visit, its date, the conclusion, proposed measures and the next due date.
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

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

// The standard fonts encode WinAnsi only; anything else (emoji, other scripts) is replaced, not fatal.
function winAnsiSafe(text: string): string {
  return text.replace(/[^\x20-\x7E\u00A0-\u00FF\u2019\u2013\u2014\u20AC\u0152\u0153]/g, '?');
}

function wrap(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if ((line + ' ' + word).trim().length > maxChars && line) {
        lines.push(line);
        line = word;
      } else {
        line = (line + ' ' + word).trim();
      }
    }
    lines.push(line);
  }
  return lines;
}

export async function renderVisitDocumentPdf(data: VisitDocumentData): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(winAnsiSafe(`${data.title} — ${data.employeeName}`));
  pdf.setLanguage('fr-FR');
  const page = pdf.addPage([595, 842]);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let y = 790;
  const write = (text: string, options: { size?: number; font?: typeof regular } = {}) => {
    for (const line of wrap(winAnsiSafe(text), 90)) {
      page.drawText(line, { x: 56, y, size: options.size ?? 11, font: options.font ?? regular, color: rgb(0.1, 0.1, 0.1) });
      y -= (options.size ?? 11) + 6;
    }
  };
  write(data.serviceName, { size: 10 });
  y -= 10;
  write(data.title, { size: 18, font: bold });
  y -= 8;
  write(`Salarié : ${data.employeeName}, né(e) le ${data.employeeBirthDate}`);
  write(`Employeur : ${data.employerName} (SIRET ${data.employerSiret})`);
  write(`Visite : ${data.visitTypeLabel}, réalisée le ${data.visitDate}`);
  if (data.alsoMidCareer) write('Cette visite vaut également visite de mi-carrière.');
  write(`Par : ${data.professionalName}, ${data.professionalRoleLabel}`);
  y -= 8;
  write(`Conclusion : ${data.outcomeLabel}`, { font: bold });
  if (data.proposedMeasures) write(`Mesures proposées : ${data.proposedMeasures}`);
  if (data.nextVisitDueDate) write(`Prochaine visite à réaliser au plus tard le : ${data.nextVisitDueDate}`, { font: bold });
  y -= 8;
  write('Ce document ne contient aucune information médicale.', { size: 9 });
  return pdf.save();
}
