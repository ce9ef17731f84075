// Puts the resourceVersion the editor loaded into the text it saves (so a concurrent change is reported as a
// conflict), as a text insertion that leaves every other byte alone; problem lines are mapped back.
import { isMap, isScalar, LineCounter, parseAllDocuments, type Node } from 'yaml';
import type { FileProblem } from '../../../../core/common/model/errors';

/** The text to save and, when a line was added for the resourceVersion, its 1-based number. */
export interface VersionedText {
  readonly text: string;
  readonly insertedLine?: number;
}

/** Adds `metadata.resourceVersion: rv` to a text holding one object whose metadata lacks it; otherwise returns it as is. */
export function withResourceVersion(text: string, rv: string | undefined): VersionedText {
  if (!rv) return { text };
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter });
  const real = (Array.isArray(docs) ? docs : [docs]).filter((d) => d.contents !== null);
  if (real.length !== 1 || real[0].errors.length) return { text };
  const metadata = real[0].get('metadata', true) as Node | undefined;
  if (!isMap(metadata) || metadata.has('resourceVersion') || metadata.items.length === 0) return { text };
  const firstKey = metadata.items[0].key;
  const at = isScalar(firstKey) ? firstKey.range?.[0] : undefined;
  if (at === undefined) return { text };
  const entry = `resourceVersion: ${JSON.stringify(rv)}`;
  if (metadata.flow) return { text: `${text.slice(0, at)}${entry}, ${text.slice(at)}` };
  const { line, col } = lineCounter.linePos(at);
  const lineStart = at - (col - 1);
  return { text: `${text.slice(0, lineStart)}${' '.repeat(col - 1)}${entry}\n${text.slice(lineStart)}`, insertedLine: line };
}

/** Problems of a saved text with their lines moved back to the text the user sees. */
export function unshiftProblems(problems: readonly FileProblem[], insertedLine: number | undefined): FileProblem[] {
  if (insertedLine === undefined) return [...problems];
  return problems.map((p) => (p.line > insertedLine ? { ...p, line: p.line - 1 } : p.line === insertedLine ? { ...p, line: Math.max(1, insertedLine - 1) } : p));
}

/** The `kind`, `metadata.namespace` (default `default`) and `metadata.name` of a YAML text's first document, when it has them. */
export function objectKeyOfText(text: string): { kind: string; namespace: string; name: string } | undefined {
  const docs = parseAllDocuments(text);
  const first = (Array.isArray(docs) ? docs : [docs]).find((d) => d.contents !== null);
  if (!first || first.errors.length) return undefined;
  const value = first.toJS() as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
  if (typeof value?.kind !== 'string' || typeof value.metadata?.name !== 'string') return undefined;
  const ns = typeof value.metadata.namespace === 'string' && value.metadata.namespace ? value.metadata.namespace : 'default';
  return { kind: value.kind, namespace: ns, name: value.metadata.name };
}
