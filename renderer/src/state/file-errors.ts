// One truth for objects whose file currently fails to load: the store keeps serving the objects it last
// read from that file, so their last status (often Accepted) describes text that is no longer there.
// Every view shows such an object as "file error at line N; serving the version from pass #P" instead.
import type { PassSummary, ResourceView } from '../../../core/common/api/contract';
import type { FileProblem } from '../../../core/common/model/errors';

/** A file that fails to load now: its first problem, and the pass whose reading of it is still served (when known). */
export interface FileError {
  readonly problem: FileProblem;
  /** The last pass that read the file without a problem; absent when it is older than the passes loaded. */
  readonly servedFromPass?: number;
}

/** The files with problems now, by file, each with the pass whose version of it is served. */
export function fileErrorsByFile(problems: readonly FileProblem[], passes: readonly PassSummary[]): ReadonlyMap<string, FileError> {
  const out = new Map<string, FileError>();
  for (const p of problems) {
    if (out.has(p.file)) continue;
    // Passes are newest first: the newest pass that broke the file starts the run of passes it has failed in.
    const broke = passes.find((s) => s.changes?.filesBroken.includes(p.file));
    out.set(p.file, { problem: p, ...(broke && broke.id > 1 ? { servedFromPass: broke.id - 1 } : {}) });
  }
  return out;
}

/** The file error of an object read from a file that fails to load now, else undefined. */
export function fileErrorOf(r: Pick<ResourceView, 'source' | 'generated'>, errors: ReadonlyMap<string, FileError>): FileError | undefined {
  if (r.generated || !r.source?.file) return undefined;
  return errors.get(r.source.file);
}

/** `file error at line 13; serving the version from pass #4`. */
export function fileErrorText(e: FileError): string {
  const served = e.servedFromPass ? `serving the version from pass #${e.servedFromPass}` : 'serving the version last read from it';
  return `file error at line ${e.problem.line}; ${served}`;
}

/** The reason to show for an object: its file's error when its file fails to load now, else its status reason. */
export function shownReason(r: ResourceView, errors: ReadonlyMap<string, FileError>): string {
  const e = fileErrorOf(r, errors);
  return e ? `${fileErrorText(e)}: ${e.problem.message}` : r.reason;
}
