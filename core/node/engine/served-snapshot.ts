// The xDS a serve last published, kept in its state folder (`served.json`), so the next serve of the same store can
// answer clients at once with it (marked stale) while its first pass reads and translates the config.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XDS_TYPES, type XdsResource, type XdsSnapshot, type XdsType } from '../../common/xds/xds-snapshot';

/** The file name inside the state folder. */
export const SERVED_FILE = 'served.json';
/** Bumped when the file's shape changes; a file of another format is ignored. */
const FORMAT = 1;

interface StoredSnapshot {
  node: string;
  version: string;
  resources: Record<XdsType, { version: string; items: XdsResource[] }>;
}

interface StoredFile {
  format: number;
  snapshots: StoredSnapshot[];
}

/** Writes the published snapshots to `dir/served.json` (through a temporary file and a rename, so a reader never sees half). */
export function saveServedSnapshots(dir: string, snapshots: ReadonlyMap<string, XdsSnapshot>): void {
  const stored: StoredFile = {
    format: FORMAT,
    snapshots: [...snapshots.values()].map((s) => ({
      node: s.node,
      version: s.version,
      resources: Object.fromEntries(XDS_TYPES.map((t) => [t, { version: s.resources[t].version, items: [...s.resources[t].items.values()] }])) as StoredSnapshot['resources'],
    })),
  };
  const file = join(dir, SERVED_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(stored));
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** What loading found: the snapshots by proxy key, none (no file), or why the file was not used. */
export type LoadedServed = { snapshots: Map<string, XdsSnapshot> } | { missing: true } | { error: string };

/** Reads `dir/served.json`; a missing file is `missing`, an unreadable or foreign one an `error` naming the file. */
export function loadServedSnapshots(dir: string): LoadedServed {
  const file = join(dir, SERVED_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    return { error: `${file}: ${(err as Error).message}` };
  }
  try {
    const stored = JSON.parse(text) as StoredFile;
    if (stored.format !== FORMAT || !Array.isArray(stored.snapshots)) return { error: `${file}: not a served-snapshot file of format ${FORMAT}` };
    const snapshots = new Map<string, XdsSnapshot>();
    for (const s of stored.snapshots) {
      const resources = Object.fromEntries(XDS_TYPES.map((t) => {
        const set = s.resources[t];
        return [t, { version: set.version, items: new Map(set.items.map((r) => [r.name, r])) }];
      })) as unknown as XdsSnapshot['resources'];
      snapshots.set(s.node, { node: s.node, version: s.version, resources });
    }
    return { snapshots };
  } catch (err) {
    return { error: `${file}: ${(err as Error).message}` };
  }
}
