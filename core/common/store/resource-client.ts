// The store contract: one generic client per kind, and a store that hands them out. Every backend
// (memory, SQLite, YAML folder, later etcd) implements ResourceStore; nothing above it knows which one it talks to.
import type { FileProblem } from '../model/errors';
import type { KindName } from '../model/kinds';
import type { Resource, Status } from '../model/resource';

/** Namespace scope of list and watch: one namespace, or every namespace. */
export type Scope = string | { all: true };

/** Every namespace. */
export const ALL_NAMESPACES: Scope = { all: true };

/** Options of list. */
export interface ListOptions {
  /** Only objects carrying every one of these labels. */
  readonly labelSelector?: Readonly<Record<string, string>>;
}

/** Options of write. */
export interface WriteOptions {
  /** Replace an existing object (update); without it, writing over an existing object fails with AlreadyExistsError. */
  readonly overwrite?: boolean;
  /** Fail with ConflictError unless the stored resourceVersion equals this. The object's own metadata.resourceVersion counts too. */
  readonly expectedResourceVersion?: string;
}

/** Options of delete. */
export interface DeleteOptions {
  /** Succeed quietly when the object does not exist. */
  readonly ignoreNotExist?: boolean;
  /** Fail with ConflictError, deleting nothing, unless the stored resourceVersion equals this. */
  readonly expectedResourceVersion?: string;
}

/** A live subscription; call stop() to end it. */
export interface Subscription {
  stop(): void;
}

/** CRUD, status and watch for one kind. Errors are the typed StoreErrors of model/errors. */
export interface ResourceClient<K extends KindName = KindName> {
  readonly kind: K;
  /** The object, or NotFoundError. */
  read(namespace: string, name: string): Promise<Resource<K>>;
  /** Objects in scope, sorted by namespace then name. */
  list(scope: Scope, opts?: ListOptions): Promise<Resource<K>[]>;
  /** Creates or updates; returns the stored object with its new resourceVersion. */
  write(obj: Resource<K>, opts?: WriteOptions): Promise<Resource<K>>;
  /** Removes the object, or NotFoundError unless ignoreNotExist; ConflictError when expectedResourceVersion is no longer stored. */
  delete(namespace: string, name: string, opts?: DeleteOptions): Promise<void>;
  /** Records the status of an object; does not change its content or resourceVersion. */
  writeStatus(ref: { namespace: string; name: string }, status: Status): Promise<void>;
  /** Calls onList with the full list in scope now, then again after every change (level-triggered). */
  watch(scope: Scope, onList: (list: Resource<K>[]) => void, onError?: (err: Error) => void): Subscription;
}

/** A backend: one client per kind, plus the file-level problems of what it could not read. */
export interface ResourceStore {
  /** How the store was named: `memory:`, `sqlite:PATH` or a folder path. */
  readonly url: string;
  /** The client of a kind; the same instance on every call. */
  client<K extends KindName>(kind: K): ResourceClient<K>;
  /** Problems that belong to no object (YAML syntax, unknown kind, ...); empty for stores that cannot have them. */
  problems(): readonly FileProblem[];
  /** Calls onChange whenever problems() changes. */
  watchProblems(onChange: (problems: readonly FileProblem[]) => void): Subscription;
  /** Starts or stops polling for statuses other processes write (an instance that writes them all need not poll); optional. */
  setStatusPolling?(on: boolean): void;
  /** Flushes and releases files, databases and watchers. */
  close(): Promise<void>;
}
