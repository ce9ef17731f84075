// The text of the one YAML document of a file that holds a given line (comments included), for editing one object of
// a multi-document file.
import { parseAllDocuments } from 'yaml';

/** The document of `text` that contains 1-based `line`, ending in one newline; undefined when none does. */
export function documentAtLine(text: string, line: number): string | undefined {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return undefined;
    offset = next + 1;
  }
  const doc = list.find((d) => d.range[0] <= offset && offset <= d.range[2]);
  return doc ? text.slice(doc.range[0], doc.range[2]).replace(/\s*$/, '\n') : undefined;
}
