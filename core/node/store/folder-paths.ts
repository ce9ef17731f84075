// Which files of a config folder hold objects, what their path says (Solo Kit layout), and where new objects go.
import { relative, sep } from 'node:path';
import { findKind, kindInfo, type KindName } from '../../common/model/kinds';
import type { ManifestHint } from '../../common/model/manifest';

/** The folder inside a config folder where the store keeps its own state (statuses, lock); never read as config. */
export const STATE_DIR = '.xds-sandbox';

/** File name endings read as config (the ones `kubectl apply -f` reads). */
const CONFIG_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Folder names never descended into besides dotfolders. */
const IGNORED_DIRS = new Set(['node_modules']);

/** A path relative to the folder, with `/` separators. */
export function toRelative(root: string, absolute: string): string {
  const rel = relative(root, absolute);
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** Whether a path segment is a dotfile/dotfolder or an editor's swap, backup or lock file (`*.swp`, `*~`, `.#*`, `#*#`, `4913`). */
export function isIgnoredSegment(segment: string): boolean {
  return segment.startsWith('.') || segment.endsWith('~') || /\.sw[a-p]$/.test(segment) || segment === '4913'
    || (segment.startsWith('#') && segment.endsWith('#')) || IGNORED_DIRS.has(segment);
}

/** Whether a relative path is skipped by reading and watching: any ignored segment (including the state folder). */
export function isIgnoredPath(rel: string): boolean {
  return rel !== '' && rel.split('/').some(isIgnoredSegment);
}

/** Whether a relative file path is read as config: not ignored, and ending in .yaml, .yml or .json. */
export function isConfigFile(rel: string): boolean {
  const lower = rel.toLowerCase();
  return !isIgnoredPath(rel) && CONFIG_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** The kind and namespace a Solo Kit layout path `<plural>/<namespace>/<name>.yaml` implies; empty for any other path. */
export function layoutHint(rel: string): ManifestHint {
  const parts = rel.split('/');
  if (parts.length !== 3) return {};
  const kind = findKind(parts[0]);
  if (!kind || kind.plural !== parts[0].toLowerCase()) return {};
  return { kind, namespace: parts[1] };
}

/** Files of the objects a new object goes beside: those of its kind and namespace, and those of its namespace. */
export interface Neighbours {
  readonly sameKind: readonly string[];
  readonly sameNamespace: readonly string[];
}

/**
 * Where a new object goes, as the folder's layout says: `<plural>/<namespace>/<name>.yaml` in Solo Kit's layout; else a
 * file of its own, `<kind-lower>-<name>.yaml`, in the folder that holds most objects of its kind and namespace (then of
 * its namespace), or in `<namespace>/` when the folder holds none.
 */
export function newObjectPath(kind: KindName, namespace: string, name: string, soloKitLayout: boolean, beside: Neighbours = { sameKind: [], sameNamespace: [] }): string {
  if (soloKitLayout) return `${kindInfo(kind).plural}/${namespace}/${name}.yaml`;
  const dir = mostCommonDir(beside.sameKind) ?? mostCommonDir(beside.sameNamespace) ?? namespace;
  const file = `${kind.toLowerCase()}-${name}.yaml`;
  return dir ? `${dir}/${file}` : file;
}

/** The folder most of the files are in ('' for the top; ties go to the first in path order); undefined for no files. */
function mostCommonDir(files: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const f of files) {
    const slash = f.lastIndexOf('/');
    const dir = slash < 0 ? '' : f.slice(0, slash);
    counts.set(dir, (counts.get(dir) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [dir, n] of counts) {
    const m = best === undefined ? -1 : counts.get(best)!;
    if (n > m || (n === m && comparePaths(dir, best!) < 0)) best = dir;
  }
  return best;
}

/** Orders relative paths by code point, the "path order" that decides which of two duplicate objects wins. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
