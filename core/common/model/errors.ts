// Typed errors of the stores and of object validation.
import type { SourceLocation } from './resource';

/** A problem tied to a place in the user's files (YAML syntax, unknown kind, invalid field, duplicate). */
export interface FileProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** JSON pointer of the offending field inside the object, when there is one. */
  readonly path?: string;
  /** The kind the document declares, when it can be told (so a Gateway that fails to load still counts as one). */
  readonly kind?: string;
}

/** What kind of store failure happened. */
export type StoreErrorCode = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Invalid' | 'Storage';

/** Base of every store error; `code` says which. */
export class StoreError extends Error {
  constructor(readonly code: StoreErrorCode, message: string) {
    super(message);
    this.name = `${code}Error`;
  }
}

/** The object does not exist. */
export class NotFoundError extends StoreError {
  constructor(readonly kind: string, readonly namespace: string, readonly objectName: string) {
    super('NotFound', `${kind} ${namespace}/${objectName} not found`);
  }
}

/** Create without overwrite found an existing object. */
export class AlreadyExistsError extends StoreError {
  constructor(readonly kind: string, readonly namespace: string, readonly objectName: string) {
    super('AlreadyExists', `${kind} ${namespace}/${objectName} already exists`);
  }
}

/** The resourceVersion given is not the stored one: someone else wrote first. */
export class ConflictError extends StoreError {
  constructor(readonly kind: string, readonly namespace: string, readonly objectName: string, readonly expected: string, readonly actual: string) {
    super('Conflict', actual
      ? `${kind} ${namespace}/${objectName}: resourceVersion ${expected} is stale (stored: ${actual}); read it again and retry`
      : `${kind} ${namespace}/${objectName}: resourceVersion ${expected} was given but the object no longer exists`);
  }
}

/** The object does not fit its schema; `path` is a JSON pointer, `source` where it stands when known. */
export class InvalidObjectError extends StoreError {
  constructor(message: string, readonly path: string, readonly source?: SourceLocation) {
    super('Invalid', message);
  }
}

/** The backend failed (disk, database). */
export class StorageError extends StoreError {
  constructor(message: string, override readonly cause?: unknown) {
    super('Storage', message);
  }
}
