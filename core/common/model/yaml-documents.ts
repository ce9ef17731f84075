// Reads a YAML file's documents into resources, with the file:line:column of every object and problem.
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { FileProblem } from './errors';
import { resourceFromDocument, type ManifestHint } from './manifest';
import type { Resource } from './resource';
import { nestingBeyond, nestingProblem } from './yaml-depth';

/** A resource read from a file, with the index of its document and where it starts. */
export interface LocatedResource {
  readonly resource: Resource;
  readonly docIndex: number;
}

/** Everything one file yielded: its resources (with `source` set) and its problems. */
export interface ParsedFile {
  readonly resources: LocatedResource[];
  readonly problems: FileProblem[];
}

/** Parses every `---`-separated document of a YAML text; a bad document is a problem, the others still load. */
export function parseYamlFile(text: string, file: string, hint: ManifestHint = {}): ParsedFile {
  const tooDeep = nestingBeyond(text);
  if (tooDeep !== undefined) return { resources: [], problems: [nestingProblem(text, file, tooDeep)] };
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const resources: LocatedResource[] = [];
  const problems: FileProblem[] = [];
  const at = (offset: number, message: string, path?: string): FileProblem => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col, message, ...(path !== undefined ? { path } : {}) };
  };
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, docIndex) => {
    if (doc.errors.length) {
      const kind = hint.kind?.kind ?? kindInText(text.slice(doc.range[0], doc.range[2]));
      for (const e of doc.errors) problems.push({ ...at(e.pos[0], `YAML syntax error: ${firstLine(e.message)}`), ...(kind ? { kind } : {}) });
      return;
    }
    if (doc.contents === null || isEmptyDocument(doc)) return; // a trailing `---` or a comment-only document holds nothing, as for kubectl
    const value = doc.toJS({ maxAliasCount: 100 });
    const parsed = resourceFromDocument(value, hint);
    if (!parsed.ok) {
      const kind = hint.kind?.kind ?? (typeof value?.kind === 'string' ? (value.kind as string) : undefined);
      for (const issue of parsed.issues) problems.push({ ...at(offsetOfPath(doc, issue.path), issue.message, issue.path), ...(kind ? { kind } : {}) });
      return;
    }
    const start = doc.contents.range?.[0] ?? 0;
    const { line, col } = lineCounter.linePos(start);
    resources.push({ resource: { ...parsed.resource, source: { file, line, column: col } }, docIndex });
  });
  return { resources, problems };
}

/** The text offset of the node a JSON pointer names, or of its nearest existing parent. Flat-form paths (no `/spec`) resolve too. */
export function offsetOfPath(doc: Document, pointer: string): number {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: Node | null = doc.contents as Node | null;
  let best = node?.range?.[0] ?? 0;
  for (const part of parts) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === part);
      if (!pair) break;
      best = (pair.key as Node).range?.[0] ?? best;
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const item = node.items[Number(part)] as Node | undefined;
      if (!item) break;
      best = item.range?.[0] ?? best;
      node = item;
    } else break;
  }
  return best;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

/** Whether a document is only an empty null scalar, which is what a lone `---` or a comment-only document parses to. */
function isEmptyDocument(doc: Document): boolean {
  return isScalar(doc.contents) && doc.contents.value === null && !doc.contents.source;
}

/** The kind a document that does not parse declares on a top-level `kind:` line, if any. */
function kindInText(source: string): string | undefined {
  return /^kind:[ \t]*["']?([A-Za-z][A-Za-z0-9]*)["']?[ \t]*(?:#.*)?$/m.exec(source)?.[1];
}
