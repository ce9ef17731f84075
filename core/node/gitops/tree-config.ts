// The config a Git tree holds under the config folder, read exactly as the folder store reads a folder (same parser,
// same duplicate and problem rules), from blobs instead of files. Parsed blobs are cached by blob id and path, so
// reading a second tree that differs in one file parses one file.
import type { FileProblem } from '../../common/model/errors';
import { KIND_NAMES, type KindName } from '../../common/model/kinds';
import type { Resource } from '../../common/model/resource';
import { ALL_NAMESPACES } from '../../common/store/resource-client';
import { FolderIndex } from '../store/folder-index';
import { parseBytes, type FileRead } from '../store/folder-reader';
import { listTreeFiles, readBlobs, type GitFolder, type TreeFile } from './git-repo';

/** The config of one tree: its files, the index of their objects and problems, and the blob texts by path. */
export interface TreeConfig {
  readonly files: readonly TreeFile[];
  readonly index: FolderIndex;
}

/** Parsed blobs by `blob id + path` (a path gives kind hints), oldest dropped first beyond `max` entries. */
export class BlobCache {
  private readonly reads = new Map<string, FileRead>();

  constructor(private readonly max = 50_000) {}

  /** The parse of a blob at a path, if cached. */
  get(blob: string, rel: string): FileRead | undefined {
    return this.reads.get(`${blob}\u0000${rel}`);
  }

  /** Remembers the parse of a blob at a path. */
  set(blob: string, rel: string, read: FileRead): void {
    if (this.reads.size >= this.max) this.reads.delete(this.reads.keys().next().value as string);
    this.reads.set(`${blob}\u0000${rel}`, read);
  }
}

/** Reads the config folder of a commit or tree; blobs not in the cache are read with one cat-file and parsed. */
export async function readTreeConfig(repo: GitFolder, treeish: string, cache = new BlobCache()): Promise<TreeConfig> {
  const files = await listTreeFiles(repo, treeish);
  const missing = files.filter((f) => !cache.get(f.blob, f.rel));
  const bytes = await readBlobs(repo, missing.map((f) => f.blob));
  for (const f of missing) cache.set(f.blob, f.rel, parseBytes(f.rel, bytes.get(f.blob)!, 0, f.blob));
  const index = new FolderIndex();
  for (const f of files) index.apply(cache.get(f.blob, f.rel)!);
  index.rebuild();
  return { files, index };
}

/** The objects of a tree's config by kind, as a store would list them. */
export function treeObjects(config: TreeConfig): Partial<Record<KindName, Resource[]>> {
  const lists: Partial<Record<KindName, Resource[]>> = {};
  for (const kind of KIND_NAMES) lists[kind] = config.index.list(kind, ALL_NAMESPACES);
  return lists;
}

/** The problems of a tree's config (syntax, unknown kinds, duplicates). */
export function treeProblems(config: TreeConfig): readonly FileProblem[] {
  return config.index.problems();
}
