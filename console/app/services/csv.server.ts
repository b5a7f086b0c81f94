// CSV as French spreadsheets open it directly: UTF-8 with a BOM, semicolons, CRLF.

/** Quoted for the separator, and a leading = + - @ neutralised so a spreadsheet never runs a cell as a formula. */
function csvCell(value: string | null): string {
  const text = value ?? '';
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function csvDocument(lines: readonly (readonly (string | null)[])[]): string {
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(';')).join('\r\n')}\r\n`;
}
