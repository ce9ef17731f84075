// Plain-text tables for terminal output.

/** Styles one cell's text (e.g. colours a STATUS cell); must not change the text's visible width. */
export type CellStyle = (column: string, cell: string) => string;

/** Left-aligned columns separated by two spaces, header first, one line per row; `style` is applied after padding. */
export function formatTable(header: string[], rows: string[][], style?: CellStyle): string {
  return formatRows(header, [header, ...rows], style, 1);
}

/** The rows alone, padded to the widths header and rows need (for `get --watch`, which prints new rows under an old header). */
export function formatRows(header: string[], rows: string[][], style?: CellStyle, plainRows = 0): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[], plain: boolean) => cells.map((c, i) => {
    const text = plain || !style ? c : style(header[i], c);
    return i === cells.length - 1 ? text : text + ' '.repeat(widths[i] - c.length);
  }).join('  ').trimEnd();
  return rows.map((r, i) => line(r, i < plainRows)).join('\n') + '\n';
}
