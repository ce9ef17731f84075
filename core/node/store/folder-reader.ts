// Reads one config file of a folder: size limit, binary and UTF-8 checks, then every YAML document, each object with its
// resourceVersion (the content hash of its document's object).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileProblem } from '../../common/model/errors';
import { hashString } from '../../common/model/hash';
import { resourceContentHash } from '../../common/model/resource';
import { parseYamlFile, type LocatedResource } from '../../common/model/yaml-documents';
import { deepFreeze } from '../../common/store/store-backend';
import { checkTextContent, lineColumnOf } from './file-content-check';
import { layoutHint } from './folder-paths';

/** Default largest file read, in bytes (10 MiB); larger ones are a problem, not parsed. */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

/** What reading a file found: nothing (gone), or its objects and problems. */
export interface FileRead {
  readonly rel: string;
  readonly exists: boolean;
  /** Modification time when read (0 when gone). */
  readonly mtimeMs: number;
  /** Hash of the file's bytes; equal hashes mean nothing changed. */
  readonly contentHash: string;
  readonly resources: readonly LocatedResource[];
  readonly problems: readonly FileProblem[];
}

/** The resourceVersion of an object read from a folder: its content hash (kind, metadata, spec; not comments or layout). */
export function folderResourceVersion(r: LocatedResource['resource']): string {
  return resourceContentHash(r);
}

/**
 * Reads and parses a config file (relative path rel under root); never throws. Synchronous on purpose: config files are
 * small, and one sync read costs a fraction of a thread-pool round trip (callers read in chunks and yield in between).
 */
export function readConfigFile(root: string, rel: string, maxBytes = DEFAULT_MAX_FILE_BYTES): FileRead {
  const abs = join(root, rel);
  let mtimeMs = 0;
  try {
    const st = statSync(abs);
    if (!st.isFile()) return gone(rel);
    mtimeMs = st.mtimeMs;
    if (st.size > maxBytes) return tooLarge(rel, st.size, maxBytes, mtimeMs);
    const bytes = readFileSync(abs);
    return parseBytes(rel, bytes, mtimeMs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return gone(rel);
    return problemOnly(rel, mtimeMs, `cannot read the file: ${(err as Error).message}`, 'unreadable:' + String(code));
  }
}

/** Parses a file's bytes into objects and problems, after the binary and UTF-8 checks. */
export function parseBytes(rel: string, bytes: Uint8Array, mtimeMs: number): FileRead {
  const issue = checkTextContent(bytes);
  const contentHash = hashBytes(bytes);
  if (issue) {
    const { line, column } = lineColumnOf(bytes, issue.offset);
    return { rel, exists: true, mtimeMs, contentHash, resources: [], problems: [{ file: rel, line, column, message: issue.message }] };
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  return { ...parseText(rel, text), mtimeMs, contentHash };
}

/** Parses a file's text (with the kind hint its path gives) into frozen objects carrying their resourceVersion. */
export function parseText(rel: string, text: string): Omit<FileRead, 'mtimeMs' | 'contentHash'> {
  if (text.trim() === '') return { rel, exists: true, resources: [], problems: [] };
  const parsed = parseYamlFile(text, rel, layoutHint(rel));
  const resources = parsed.resources.map((lr) => deepFreeze({
    docIndex: lr.docIndex,
    resource: { ...lr.resource, metadata: { ...lr.resource.metadata, resourceVersion: folderResourceVersion(lr.resource) } },
  }));
  return { rel, exists: true, resources, problems: parsed.problems };
}

function hashBytes(bytes: Uint8Array): string {
  // latin1 maps every byte to one char, so the string hash covers the exact bytes.
  return `${bytes.length}:${hashString(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'))}`;
}

function gone(rel: string): FileRead {
  return { rel, exists: false, mtimeMs: 0, contentHash: '', resources: [], problems: [] };
}

function tooLarge(rel: string, size: number, maxBytes: number, mtimeMs: number): FileRead {
  const message = `the file is ${formatSize(size)}, over the ${formatSize(maxBytes)} limit (maxFileBytes); not read`;
  return problemOnly(rel, mtimeMs, message, `too-large:${size}:${mtimeMs}`);
}

function formatSize(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

function problemOnly(rel: string, mtimeMs: number, message: string, contentHash: string): FileRead {
  return { rel, exists: true, mtimeMs, contentHash, resources: [], problems: [{ file: rel, line: 1, column: 1, message }] };
}
