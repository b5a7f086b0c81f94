// A4 pages of wrapped text with pdf-lib's standard fonts, shared by every document the service issues.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

const TOP = 790;
const BOTTOM = 56;

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

export interface PdfWriter {
  write(text: string, options?: { size?: number; bold?: boolean }): void;
  /** Vertical space, in points. */
  skip(points: number): void;
  save(): Promise<Uint8Array>;
}

/** Writes top to bottom, opening a new page when the current one is full. */
export async function createPdfWriter(title: string): Promise<PdfWriter> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(winAnsiSafe(title));
  pdf.setLanguage('fr-FR');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let page: PDFPage = pdf.addPage([595, 842]);
  let y = TOP;
  const draw = (line: string, size: number, font: PDFFont) => {
    if (y < BOTTOM) {
      page = pdf.addPage([595, 842]);
      y = TOP;
    }
    page.drawText(line, { x: 56, y, size, font, color: rgb(0.1, 0.1, 0.1) });
    y -= size + 6;
  };
  return {
    write(text, options = {}) {
      for (const line of wrap(winAnsiSafe(text), 90)) draw(line, options.size ?? 11, options.bold ? bold : regular);
    },
    skip(points) {
      y -= points;
    },
    save: () => pdf.save(),
  };
}
