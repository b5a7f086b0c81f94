// The text lines of a PDF the service issued, so a test reads what the employee, employer or DMST gets.
// Our writer draws each line with one `<hex> Tj` in a standard font (WinAnsi), which is all this reads.
import { PDFArray, PDFDocument, PDFRawStream, decodePDFRawStream } from 'pdf-lib';

const WIN_ANSI_ABOVE_ASCII: Record<number, string> = { 0x80: '€', 0x8c: 'Œ', 0x92: '’', 0x96: '–', 0x97: '—', 0x9c: 'œ' };

function winAnsiText(hex: string): string {
  const bytes = Buffer.from(hex, 'hex');
  return [...bytes].map((byte) => WIN_ANSI_ABOVE_ASCII[byte] ?? String.fromCharCode(byte)).join('');
}

export async function pdfTextLines(content: Uint8Array): Promise<string[]> {
  const pdf = await PDFDocument.load(content);
  const lines: string[] = [];
  for (const page of pdf.getPages()) {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => pdf.context.lookup(ref)) : [contents];
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const operators = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      for (const [, hex] of operators.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) lines.push(winAnsiText(hex!));
    }
  }
  return lines;
}

/** The whole text, lines joined by spaces, for `toContain` assertions across wrapped lines. */
export async function pdfText(content: Uint8Array): Promise<string> {
  return (await pdfTextLines(content)).join(' ');
}
