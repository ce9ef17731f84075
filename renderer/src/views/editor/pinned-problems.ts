// Status problems (missing references, bad regexes, conflicts, delegation) pinned to their field in the editor's
// current text, like schema errors; with a quick fix where the message names the reference meant.
import { rangeOfPath, renameRefEdits, suggestedRef, type TextEdit } from './field-positions';

/** A problem of an object's status, with its field path in the manifest when known (0-based indexes). */
export interface PinnedProblem {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly path?: string;
}

/** A problem placed in the text, with the edits of its quick fix when there is one. */
export interface PlacedProblem {
  readonly from: number;
  readonly to: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly fix?: { readonly label: string; readonly edits: readonly TextEdit[] };
}

/**
 * The field path a message names when the status carries none: `route 0: routeAction.single: …` (0-based) or
 * `route 2 (`/greet`), matcher 1: …` (1-based) under `spec.virtualHost.routes` (`spec.routes` for a RouteTable).
 */
export function pathFromMessage(message: string, kind: string): string | undefined {
  const m = /^route (\d+)( \(`[^`]*`\))?(?:, matcher (\d+))?:(?: ([a-z][A-Za-z0-9]*(?:\.[a-z][A-Za-z0-9]*)*):)?/.exec(message);
  if (!m) return undefined;
  const base = m[2] ? 1 : 0;
  const routes = kind === 'RouteTable' ? 'spec.routes' : 'spec.virtualHost.routes';
  let path = `${routes}[${Number(m[1]) - base}]`;
  if (m[3] !== undefined) path += `.matchers[${Number(m[3]) - base}]`;
  else if (m[4]) path += `.${m[4]}`;
  return path;
}

/** Where each problem stands in `text` now; problems whose place cannot be told are left out (the header lists them all). */
export function placeProblems(text: string, problems: readonly PinnedProblem[], kind: string, namespace: string): PlacedProblem[] {
  const out: PlacedProblem[] = [];
  for (const p of problems) {
    const path = p.path ?? pathFromMessage(p.message, kind);
    if (!path) continue;
    const range = rangeOfPath(text, path);
    if (!range) continue;
    const ref = suggestedRef(p.message);
    const edits = ref ? renameRefEdits(text, refPathOf(path), ref, namespace) : undefined;
    out.push({ ...range, severity: p.severity, message: p.message, ...(ref && edits ? { fix: { label: `Use ${ref.namespace}/${ref.name}`, edits } } : {}) });
  }
  return out;
}

/** The reference map a problem's path points into: a path that stops at `…single` means its `upstream`. */
function refPathOf(path: string): string {
  return path.endsWith('.single') ? `${path}.upstream` : path;
}

/** The fix of a misspelt field name (`unknown field \`routeActon\`; did you mean \`routeAction\`?`) at `from`: the name replaced. */
export function fieldNameFix(text: string, from: number, message: string): PlacedProblem['fix'] | undefined {
  const m = /unknown field `([^`]+)`; did you mean `([^`]+)`\?/.exec(message);
  if (!m || text.slice(from, from + m[1].length) !== m[1]) return undefined;
  return { label: `Rename to ${m[2]}`, edits: [{ from, to: from + m[1].length, insert: m[2] }] };
}
