// Writes objects back into a config folder's text: updates the one document that holds an object in place (comments, key
// order and the file's other documents stay as they are), removes a document, or adds a new object in the folder's form.
// planPut and planRemove decide what a write does to a file from the text it holds now (checked against the write's
// precondition), for rewriteFile to carry out under the file's lock.
import { Document } from 'yaml';
import { StorageError } from '../../common/model/errors';
import { resourceFromDocument, resourceToManifest } from '../../common/model/manifest';
import { DEFAULT_NAMESPACE, resourceContentHash, type Resource } from '../../common/model/resource';
import { checkDeletePrecondition, checkWritePrecondition, type WritePrecondition } from '../../common/store/store-backend';
import { KEEP_FILE, REMOVE_FILE, type CurrentFile, type Rewrite } from './file-rewrite';
import { layoutHint } from './folder-paths';
import { parseText } from './folder-reader';
import { documentSpans, documentText, isEmptyDocument, patchDocument, spliceText, type DocumentSpans } from './yaml-patch';

type Json = Record<string, unknown>;

/** Metadata fields the model knows; other metadata keys found in a file (creationTimestamp, ...) are kept as they are. */
const MODEL_METADATA = new Set(['name', 'namespace', 'cluster', 'resourceVersion', 'labels', 'annotations', 'generation']);

/** What a write did to one file: wrote it, found the object already so, or did not find the object where it was expected. */
export type WriteOutcome = 'written' | 'unchanged' | 'moved';

/**
 * Plans storing obj into a file as it is now: its document replaced, or obj added when the file does not hold it; 'moved'
 * (nothing written) when the file was expected to hold obj and no longer does. ConflictError/AlreadyExistsError per pre;
 * StorageError when the file's problems stand in the way. beforeWrite runs only when something is to be written. lastRead: the
 * version the store last read of obj, against which a save replacing obj's document that now fails to load is checked.
 */
export function planPut(current: CurrentFile, rel: string, obj: Resource, pre: WritePrecondition, expectHere: boolean, beforeWrite: () => void, lastRead?: string): Rewrite<WriteOutcome> {
  const found = findIn(current, rel, obj);
  if (!found.resource && expectHere && found.problems) {
    const broken = current.text === undefined ? undefined : brokenDocumentOf(current.text, rel, obj);
    if (broken === undefined || lastRead === undefined) return missing(found, rel, obj);
    // The object's document fails to load (the user sees "file error"): a save checked against the version last read
    // replaces that document, so a fix can be saved from the editor as well as on disk.
    checkWritePrecondition(obj.kind, obj.metadata.namespace, obj.metadata.name, lastRead, pre);
    beforeWrite();
    const replacement = new Document(layoutHint(rel).kind ? flatOf(obj) : manifestOf(obj));
    if (replacement.directives && broken.doc.directives) replacement.directives.docStart = broken.doc.directives.docStart;
    const text = spliceText(current.text!, broken.span, documentText(replacement, current.text!, rel.toLowerCase().endsWith('.json')));
    if (!holdsExactly(text, rel, obj)) throw new StorageError(`cannot write ${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name} into ${rel} so that it reads back the same`);
    return { text, result: 'written' };
  }
  if (!found.resource && expectHere) return missing(found, rel, obj);
  checkWritePrecondition(obj.kind, obj.metadata.namespace, obj.metadata.name, found.resource?.metadata.resourceVersion, pre);
  if (found.resource && resourceContentHash(obj) === found.resource.metadata.resourceVersion) return { text: KEEP_FILE, result: 'unchanged' };
  beforeWrite();
  let text: string;
  if (found.resource) text = replaceObjectInText(current.text!, rel, obj);
  else if (current.text !== undefined && (layoutHint(rel).kind || found.problems)) {
    throw new StorageError(`cannot add ${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name}: ${rel} exists and holds something else`);
  } else text = addObjectToText(current.text, rel, obj);
  if (!holdsExactly(text, rel, obj)) throw new StorageError(`cannot write ${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name} into ${rel} so that it reads back the same`);
  return { text, result: 'written' };
}

/**
 * Plans removing an object from a file as it is now (the whole file when nothing else is left); 'moved' when it is not there;
 * ConflictError when expected is given and the file holds another version of it.
 */
export function planRemove(current: CurrentFile, rel: string, obj: Pick<Resource, 'kind' | 'metadata'>, expected?: string): Rewrite<WriteOutcome> {
  const found = findIn(current, rel, obj);
  if (!found.resource) return missing(found, rel, obj);
  checkDeletePrecondition(obj.kind, obj.metadata.namespace, obj.metadata.name, found.resource.metadata.resourceVersion, expected);
  return { text: removeObjectFromText(current.text!, rel, found.resource) ?? REMOVE_FILE, result: 'written' };
}

function findIn(current: CurrentFile, rel: string, obj: Pick<Resource, 'kind' | 'metadata'>): { resource?: Resource; problems: boolean } {
  if (current.text === undefined) return { problems: false };
  const parsed = parseText(rel, current.text);
  return { resource: parsed.resources.find((lr) => sameObject(lr.resource, obj))?.resource, problems: parsed.problems.length > 0 };
}

function missing(found: { problems: boolean }, rel: string, obj: Pick<Resource, 'kind' | 'metadata'>): Rewrite<WriteOutcome> {
  if (found.problems) throw new StorageError(`${rel} no longer holds a readable ${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name} (its document has problems); fix the file first`);
  return { text: KEEP_FILE, result: 'moved' };
}

/** The file's text with the document holding obj's kind/namespace/name changed to obj; StorageError if no parsable document holds it. */
export function replaceObjectInText(text: string, rel: string, obj: Resource): string {
  const parsed = documentSpans(text);
  const i = findDocument(parsed, rel, obj);
  const doc = parsed.docs[i];
  const json = rel.toLowerCase().endsWith('.json');
  patchDocument(doc, targetValue(doc.toJS() as Json, obj, layoutHint(rel).namespace ?? DEFAULT_NAMESPACE));
  const patched = spliceText(text, parsed.spans[i], documentText(doc, text, json));
  if (holdsExactly(patched, rel, obj)) return patched;
  // The in-place edit did not read back as obj (e.g. a v1 Secret that cannot say it): write the document as a manifest.
  const manifest = new Document(manifestOf(obj));
  if (manifest.directives && doc.directives) manifest.directives.docStart = doc.directives.docStart;
  return spliceText(text, parsed.spans[i], documentText(manifest, text, json));
}

/** The file's text without the document holding the object, or undefined when no document with content would be left. */
export function removeObjectFromText(text: string, rel: string, obj: Pick<Resource, 'kind' | 'metadata'>): string | undefined {
  const parsed = documentSpans(text);
  const i = findDocument(parsed, rel, obj);
  const rest = parsed.docs.filter((d, k) => k !== i && !isEmptyDocument(d));
  if (rest.length === 0) return undefined;
  let out = spliceText(text, parsed.spans[i], '');
  if (i === 0) out = out.replace(/^\s*---[ \t]*\n/, ''); // the next document no longer needs its start marker
  return out;
}

/** The text of a new file holding obj, or of an existing file with obj appended as one more document. */
export function addObjectToText(existing: string | undefined, rel: string, obj: Resource): string {
  const flat = layoutHint(rel).kind !== undefined;
  const value = flat ? flatOf(obj) : manifestOf(obj);
  const style = existing ? existing : '';
  const docText = documentText(new Document(value), style, rel.toLowerCase().endsWith('.json'));
  if (!existing || existing.trim() === '') return docText;
  return existing + (existing.endsWith('\n') ? '' : '\n') + '---\n' + docText;
}

/** Whether the text parses with exactly obj's content for its kind/namespace/name. */
export function holdsExactly(text: string, rel: string, obj: Resource): boolean {
  const want = resourceContentHash(obj);
  return parseText(rel, text).resources.some((lr) => sameObject(lr.resource, obj) && resourceContentHash(lr.resource) === want);
}

function findDocument(parsed: DocumentSpans, rel: string, obj: Pick<Resource, 'kind' | 'metadata'>): number {
  const hint = layoutHint(rel);
  for (let i = 0; i < parsed.docs.length; i++) {
    const doc = parsed.docs[i];
    if (doc.errors.length || doc.contents === null) continue;
    const r = resourceFromDocument(doc.toJS({ maxAliasCount: 100 }), hint);
    if (r.ok && sameObject(r.resource, obj)) return i;
  }
  throw new StorageError(`${rel} no longer holds a readable ${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name} (its document has problems); fix the file first`);
}

/** The one document (and its span) that names obj by kind, name and namespace but fails to load; undefined when none or several do. */
function brokenDocumentOf(text: string, rel: string, obj: Pick<Resource, 'kind' | 'metadata'>): { doc: Document.Parsed; span: readonly [number, number] } | undefined {
  const parsed = documentSpans(text);
  const hint = layoutHint(rel);
  const found = parsed.docs.flatMap((doc, i) => (namesObject(doc, hint, obj) ? [{ doc, span: parsed.spans[i] }] : []));
  return found.length === 1 ? found[0] : undefined;
}

function namesObject(doc: Document.Parsed, hint: ReturnType<typeof layoutHint>, obj: Pick<Resource, 'kind' | 'metadata'>): boolean {
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch {
    return false;
  }
  if (!value || typeof value !== 'object') return false;
  const v = value as Json;
  const meta = (v.metadata ?? {}) as Json;
  const kind = hint.kind ?? v.kind;
  const namespace = (typeof meta.namespace === 'string' && meta.namespace) || hint.namespace || DEFAULT_NAMESPACE;
  return kind === obj.kind && meta.name === obj.metadata.name && namespace === (obj.metadata.namespace || DEFAULT_NAMESPACE);
}

function sameObject(a: Pick<Resource, 'kind' | 'metadata'>, b: Pick<Resource, 'kind' | 'metadata'>): boolean {
  return a.kind === b.kind && a.metadata.name === b.metadata.name && (a.metadata.namespace || DEFAULT_NAMESPACE) === (b.metadata.namespace || DEFAULT_NAMESPACE);
}

/** What the document should read as: its current value with metadata and spec replaced, other keys (status, ...) kept. */
function targetValue(current: Json, obj: Resource, impliedNamespace: string): Json {
  const meta = mergeMetadata(current.metadata as Json | undefined, obj, impliedNamespace);
  if (current.apiVersion === 'v1' && current.kind === 'Secret') return kubeSecretValue(current, meta, obj) ?? manifestOf(obj);
  if ('apiVersion' in current || 'kind' in current) {
    const hasSpec = current.spec !== undefined || Object.keys(obj.spec as Json).length > 0;
    return { ...current, metadata: meta, spec: hasSpec ? obj.spec : undefined };
  }
  const kept: Json = {};
  for (const k of ['status', 'namespacedStatuses']) if (k in current) kept[k] = current[k];
  return { metadata: meta, ...(obj.spec as Json), ...kept };
}

function mergeMetadata(current: Json | undefined, obj: Resource, impliedNamespace: string): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(current ?? {})) out[k] = MODEL_METADATA.has(k) ? undefined : v;
  for (const [k, v] of Object.entries(obj.metadata)) {
    if (k === 'resourceVersion') continue;
    if (k === 'namespace' && !current?.namespace && v === impliedNamespace) continue;
    out[k] = v;
  }
  if (typeof current?.generation === 'number' && String(current.generation) === out.generation) out.generation = current.generation;
  return out;
}

function kubeSecretValue(current: Json, meta: Json, obj: Resource): Json | undefined {
  const spec = obj.spec as { tls?: { certChain?: string; privateKey?: string; rootCa?: string }; generic?: { data?: Record<string, string> }; header?: unknown };
  if (spec.header || (spec.tls && spec.generic)) return undefined;
  let entries: Record<string, string>;
  let type = current.type;
  if (spec.tls) {
    entries = { 'tls.crt': spec.tls.certChain ?? '', 'tls.key': spec.tls.privateKey ?? '', ...(spec.tls.rootCa ? { 'ca.crt': spec.tls.rootCa } : {}) };
    type = 'kubernetes.io/tls';
  } else {
    entries = spec.generic?.data ?? {};
    if (type === 'kubernetes.io/tls') type = 'Opaque';
  }
  const plain = current.stringData !== undefined && current.data === undefined;
  const encoded = Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));
  return { ...current, metadata: meta, ...(type !== undefined ? { type } : {}), data: plain ? undefined : encoded, stringData: plain ? entries : undefined };
}

function manifestOf(obj: Resource): Json {
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  return resourceToManifest({ kind: obj.kind, metadata, spec: obj.spec } as Resource);
}

function flatOf(obj: Resource): Json {
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  return { metadata, ...(obj.spec as Json) };
}
