// Reads one config file of a folder: size limit, binary and UTF-8 checks, then every YAML document, each object with its
// resourceVersion (the content hash of its document's object).
import { readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { FileProblem } from '../../common/model/errors';
import { hashString } from '../../common/model/hash';
import { resourceContentHash } from '../../common/model/resource';
import { parseYamlFile, type LocatedResource } from '../../common/model/yaml-documents';
import { deepFreeze } from '../../common/store/store-backend';
import { checkTextContent, lineColumnOf } from './file-content-check';
import { FILE_LOCK_TIMEOUT_MS, lockPathOf } from './file-lock';
import { layoutHint } from './folder-paths';

/** Default largest file read, in bytes (10 MiB); larger ones are a problem, not parsed. */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

/** What a stat says about a file's content: equal stamps mean the file was (almost surely) not written in between. */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

/** How far a file's modification time may lie ahead of Date.now() and still mean "just now": Date.now() drops the fraction of a millisecond that the file's time keeps. */
const CLOCK_SLACK_MS = 2;

/** Whether a file of this age (Date.now() at its stat less its mtimeMs) was modified within settleMs; a time further ahead (a file dated in the future) counts as settled. */
export function modifiedWithin(ageMs: number, settleMs: number): boolean {
  return ageMs > -CLOCK_SLACK_MS && ageMs < settleMs;
}

/** How many times a file is read before giving up on two reads agreeing (the read is then marked unsettled). */
const READ_ATTEMPTS = 5;

/** What reading a file found: nothing (gone), or its objects and problems. */
export interface FileRead {
  readonly rel: string;
  readonly exists: boolean;
  /** Modification time when read (0 when gone). */
  readonly mtimeMs: number;
  /** The stat the bytes were read under (undefined when gone or unreadable). */
  readonly stamp?: FileStamp;
  /** When that stat was taken (Date.now()): the file's age is statAtMs - mtimeMs, whatever parsing took afterwards. */
  readonly statAtMs: number;
  /** The file changed during every read attempt: the content may be partial, read it again soon. */
  readonly unsettled?: boolean;
  /** A writer held the file's lock just before or after the read (one that pauses mid-save leaves stable, partial bytes). */
  readonly locked?: boolean;
  /** Hash of the file's bytes; equal hashes mean nothing changed. */
  readonly contentHash: string;
  readonly resources: readonly LocatedResource[];
  readonly problems: readonly FileProblem[];
}

/** The resourceVersion of an object read from a folder: its content hash (kind, metadata, spec; not comments or layout). */
export function folderResourceVersion(r: LocatedResource['resource']): string {
  return resourceContentHash(r);
}

/** The stamp of a stat. */
export function stampOf(st: Stats): FileStamp {
  return { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
}

/** Whether two stamps are equal. */
export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return !!a && !!b && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

/**
 * Reads and parses a config file (relative path rel under root); never throws. The bytes are read again until the stats
 * before and after a read agree (size, times, inode) and the size matches what was read, so a file being written is not
 * taken for whole. Synchronous on purpose: config files are small, and one sync read costs a fraction of a thread-pool
 * round trip (callers read in chunks and yield in between). Bytes that hash to knownHash are not parsed again: the read
 * then carries no objects, only the hash that says nothing changed. The file's lock is looked at before and after the
 * read (beside the path read: a symlinked file's lock, at its target, is not seen).
 */
export function readConfigFile(root: string, rel: string, maxBytes = DEFAULT_MAX_FILE_BYTES, knownHash?: string): FileRead {
  const abs = join(root, rel);
  let statAtMs = Date.now();
  let mtimeMs = 0;
  try {
    let bytes: Buffer | undefined;
    let stamp: FileStamp | undefined;
    let settled = false;
    let locked = lockTaken(abs);
    for (let attempt = 0; attempt < READ_ATTEMPTS && !settled; attempt++) {
      const before = statSync(abs);
      statAtMs = Date.now();
      if (!before.isFile()) return gone(rel, statAtMs);
      mtimeMs = before.mtimeMs;
      stamp = stampOf(before);
      if (before.size > maxBytes) return tooLarge(rel, before.size, maxBytes, mtimeMs, stamp, statAtMs);
      bytes = readFileSync(abs);
      settled = bytes.length === before.size && sameStamp(stamp, stampOf(statSync(abs)));
    }
    locked ||= lockTaken(abs);
    const hash = hashBytes(bytes!);
    const read = hash === knownHash ? unparsed(rel, hash, mtimeMs) : parseBytes(rel, bytes!, mtimeMs, hash);
    return { ...read, stamp, statAtMs, ...(settled ? {} : { unsettled: true }), ...(locked ? { locked } : {}) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return gone(rel, statAtMs);
    return problemOnly(rel, mtimeMs, `cannot read the file: ${(err as Error).message}`, 'unreadable:' + String(code), statAtMs);
  }
}

/** Whether the file's lock (beside it) was taken less than FILE_LOCK_TIMEOUT_MS ago: an older one was left by a killed writer. */
function lockTaken(abs: string): boolean {
  const st = statSync(lockPathOf(abs), { throwIfNoEntry: false });
  return st !== undefined && Date.now() - st.mtimeMs < FILE_LOCK_TIMEOUT_MS;
}

/** Parses a file's bytes into objects and problems, after the binary and UTF-8 checks. */
export function parseBytes(rel: string, bytes: Uint8Array, mtimeMs: number, contentHash = hashBytes(bytes)): FileRead {
  const issue = checkTextContent(bytes);
  if (issue) {
    const { line, column } = lineColumnOf(bytes, issue.offset);
    return { rel, exists: true, mtimeMs, statAtMs: Date.now(), contentHash, resources: [], problems: [{ file: rel, line, column, message: issue.message }] };
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  return { ...parseText(rel, text), mtimeMs, statAtMs: Date.now(), contentHash };
}

/** Parses a file's text (with the kind hint its path gives) into frozen objects carrying their resourceVersion. */
export function parseText(rel: string, text: string): Omit<FileRead, 'mtimeMs' | 'contentHash' | 'statAtMs'> {
  if (text.trim() === '') return { rel, exists: true, resources: [], problems: [] };
  const parsed = parseYamlFile(text, rel, layoutHint(rel));
  const resources = parsed.resources.map((lr) => {
    const resource = unsliced(lr.resource);
    return deepFreeze({ docIndex: lr.docIndex, resource: { ...resource, metadata: { ...resource.metadata, resourceVersion: folderResourceVersion(resource) } } });
  });
  return { rel, exists: true, resources, problems: parsed.problems };
}

/** Strings this long or longer may be slices of the text they were parsed from (V8 copies shorter ones). */
const SLICE_MIN_LENGTH = 13;

/**
 * A copy of a parsed value whose strings are strings of their own. Scalars parsed from YAML are slices of the file's
 * text, so a kept object would keep its whole file's text alive (tens of MB over 10k files); everything else is as parsed.
 */
export function unsliced<T>(value: T): T {
  if (typeof value === 'string') return (value.length >= SLICE_MIN_LENGTH ? JSON.parse(JSON.stringify(value)) : value) as T;
  if (Array.isArray(value)) return value.map(unsliced) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unsliced(v)])) as T;
  }
  return value;
}

function hashBytes(bytes: Uint8Array): string {
  // latin1 maps every byte to one char, so the string hash covers the exact bytes.
  return `${bytes.length}:${hashString(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'))}`;
}

function unparsed(rel: string, contentHash: string, mtimeMs: number): FileRead {
  return { rel, exists: true, mtimeMs, statAtMs: 0, contentHash, resources: [], problems: [] };
}

function gone(rel: string, statAtMs: number): FileRead {
  return { rel, exists: false, mtimeMs: 0, statAtMs, contentHash: '', resources: [], problems: [] };
}

function tooLarge(rel: string, size: number, maxBytes: number, mtimeMs: number, stamp: FileStamp, statAtMs: number): FileRead {
  const message = `the file is ${formatSize(size)}, over the ${formatSize(maxBytes)} limit (maxFileBytes); not read`;
  return { ...problemOnly(rel, mtimeMs, message, `too-large:${size}:${mtimeMs}`, statAtMs), stamp };
}

function formatSize(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

function problemOnly(rel: string, mtimeMs: number, message: string, contentHash: string, statAtMs: number): FileRead {
  return { rel, exists: true, mtimeMs, statAtMs, contentHash, resources: [], problems: [{ file: rel, line: 1, column: 1, message }] };
}
