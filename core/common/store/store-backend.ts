// What a storage backend provides (get, list, put, remove, statuses) and the checks every backend shares:
// write preconditions, normalisation, scopes, sorting. Pure: no node:* imports.
import { AlreadyExistsError, ConflictError, InvalidObjectError, NotFoundError, type FileProblem } from '../model/errors';
import { stableStringify } from '../model/hash';
import { kindInfo, type KindName } from '../model/kinds';
import { resourceToManifest } from '../model/manifest';
import { byNamespaceName, DEFAULT_NAMESPACE, type Resource, type Status } from '../model/resource';
import { validateManifest } from '../model/validate';
import type { ResourceClient, Scope, WriteOptions } from './resource-client';

/** A value, or a promise of it (backends may be synchronous or not). */
export type MaybePromise<T> = T | Promise<T>;

/** What a write requires of the stored object; a backend checks it with checkWritePrecondition atomically with storing. */
export interface WritePrecondition {
  readonly overwrite: boolean;
  readonly expectedResourceVersion?: string;
}

/** What changed in a backend: the kinds whose objects or statuses changed, and whether problems() changed. */
export interface StoreChange {
  readonly kinds: readonly KindName[];
  readonly problems?: boolean;
}

/** The storage primitives of one backend; BackendStore builds every ResourceClient on them. */
export interface StoreBackend {
  readonly url: string;
  /** The stored object (with its status), or undefined. */
  get(kind: KindName, namespace: string, name: string): MaybePromise<Resource | undefined>;
  /** Every object of a kind in scope (with statuses), in any order. */
  list(kind: KindName, scope: Scope): MaybePromise<readonly Resource[]>;
  /** Stores a normalized object after checkWritePrecondition against what is stored, atomically; returns it as stored now. */
  put(obj: Resource, pre: WritePrecondition): MaybePromise<Resource>;
  /** Removes an object after checkDeletePrecondition against what is stored, atomically; false when there was none. */
  remove(kind: KindName, namespace: string, name: string, expectedResourceVersion?: string): MaybePromise<boolean>;
  /** Records a status; NotFoundError when the object does not exist; false when the status was already that. */
  putStatus(kind: KindName, namespace: string, name: string, status: Status): MaybePromise<boolean>;
  /** Problems of what the backend could not read. */
  problems(): readonly FileProblem[];
  /** Registers the one listener of changes the store did not make itself (other processes, edited files). */
  onExternalChange(listener: (change: StoreChange) => void): void;
  /** Starts or stops polling for statuses other processes write, where the backend polls for them (optional). */
  setStatusPolling?(on: boolean): void;
  /** Releases everything the backend holds. */
  close(): Promise<void>;
}

const NAME_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/;

/** Throws NotFound/AlreadyExists/Conflict unless a write under `pre` may replace the stored version (undefined: none stored). */
export function checkWritePrecondition(kind: string, namespace: string, name: string, stored: string | undefined, pre: WritePrecondition): void {
  const expected = pre.expectedResourceVersion || undefined;
  if (stored === undefined) {
    if (expected !== undefined) throw new ConflictError(kind, namespace, name, expected, '');
    return;
  }
  if (!pre.overwrite) throw new AlreadyExistsError(kind, namespace, name);
  if (expected !== undefined && expected !== stored) throw new ConflictError(kind, namespace, name, expected, stored);
}

/** Throws ConflictError when a delete expecting a version finds another one stored (undefined: none stored, nothing to delete). */
export function checkDeletePrecondition(kind: string, namespace: string, name: string, stored: string | undefined, expected: string | undefined): void {
  if (expected && stored !== undefined && stored !== expected) throw new ConflictError(kind, namespace, name, expected, stored);
}

/** The precondition of a write: its options, with the object's own metadata.resourceVersion as the expected version. */
export function preconditionOf(obj: Resource, opts: WriteOptions = {}): WritePrecondition {
  const expected = opts.expectedResourceVersion || obj.metadata?.resourceVersion || undefined;
  return { overwrite: opts.overwrite === true, ...(expected ? { expectedResourceVersion: expected } : {}) };
}

/** The object as a store keeps it (default namespace, no resourceVersion, status or source), or InvalidObjectError with a JSON pointer. */
export function normalizeForWrite<K extends KindName>(kind: K, obj: Resource<K>): Resource<K> {
  if (!obj || typeof obj !== 'object') throw new InvalidObjectError('an object is required', '');
  if (obj.kind !== kind) throw new InvalidObjectError(`kind must be ${kind}, not ${JSON.stringify(obj.kind)}`, '/kind');
  const { resourceVersion: _rv, ...meta } = obj.metadata ?? ({} as Resource['metadata']);
  const namespace = meta.namespace || DEFAULT_NAMESPACE;
  for (const [field, value] of [['name', meta.name], ['namespace', namespace]] as const) {
    if (typeof value !== 'string' || !NAME_PATTERN.test(value)) {
      throw new InvalidObjectError(`metadata.${field} must be 1-253 letters, digits, '.', '_' or '-', starting and ending with a letter or digit (got ${JSON.stringify(value)})`, `/metadata/${field}`);
    }
  }
  const generation = typeof meta.generation === 'number' ? { generation: String(meta.generation) } : {};
  const normalized = { kind, metadata: { ...meta, namespace, ...generation }, spec: obj.spec ?? {} } as Resource<K>;
  const issues = validateManifest(kindInfo(kind), resourceToManifest(normalized));
  if (issues.length) throw new InvalidObjectError(issues.map((i) => i.message).join('; '), issues[0].path);
  return normalized;
}

/** Whether a namespace is in scope (`''` counts as every namespace, like ALL_NAMESPACES). */
export function inScope(namespace: string, scope: Scope): boolean {
  return typeof scope !== 'string' || scope === '' || scope === namespace;
}

/** The list sorted by namespace, then name (a copy; a list already in that order is only checked). */
export function sortByNamespaceAndName<T extends Resource>(list: readonly T[]): T[] {
  for (let i = 1; i < list.length; i++) if (byNamespaceName(list[i - 1], list[i]) > 0) return [...list].sort(byNamespaceName);
  return [...list];
}

/** A text that changes whenever a list's objects, versions, statuses or source locations change. */
export function listSignature(list: readonly Resource[]): string {
  return list.map(objectSignature).join('\n');
}

const signatures = new WeakMap<Resource, string>();

/** One object's part of a list signature, remembered per object (stores hand out frozen objects). */
function objectSignature(r: Resource): string {
  let s = signatures.get(r);
  if (s === undefined) {
    s = `${r.metadata.namespace}/${r.metadata.name}@${r.metadata.resourceVersion}` + (r.source ? `<${r.source.file}:${r.source.line}` : '') + (r.status ? '#' + stableStringify(r.status) : '');
    if (Object.isFrozen(r)) signatures.set(r, s);
  }
  return s;
}

/** Freezes a value and everything in it, so objects handed out cannot change what a store keeps. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
