// Which process owns a socket, on Linux: /proc/<pid>/fd/* links read `socket:[<inode>]`; the name is
// /proc/<pid>/comm and the command line /proc/<pid>/cmdline. Walking every process's fds is the costly
// part, so owners are cached by inode and the walk runs only when a socket not seen before appears.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The process owning a socket. */
export interface ProcessInfo {
  readonly pid: number;
  readonly name: string;
  readonly commandLine: string;
}

/** Owners of socket inodes, cached; unknown (another user's process, or gone) inodes are remembered as unknown. */
export class ProcessTable {
  private readonly owners = new Map<string, ProcessInfo | null>();

  /** The owner of each inode; walks /proc once when any inode is new. */
  ownersOf(inodes: readonly string[]): Map<string, ProcessInfo | undefined> {
    if (inodes.some((i) => !this.owners.has(i))) this.walk(new Set(inodes.filter((i) => !this.owners.has(i))));
    const live = new Set(inodes);
    for (const key of this.owners.keys()) if (!live.has(key)) this.owners.delete(key);
    return new Map(inodes.map((i) => [i, this.owners.get(i) ?? undefined]));
  }

  private walk(wanted: Set<string>): void {
    for (const i of wanted) this.owners.set(i, null);
    let pids: string[];
    try {
      pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
    } catch {
      return;
    }
    let left = wanted.size;
    for (const pid of pids) {
      if (left === 0) break;
      let fds: string[];
      try {
        fds = readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue; // another user's process, or it exited
      }
      for (const fd of fds) {
        let link: string;
        try {
          link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          continue;
        }
        const m = /^socket:\[(\d+)\]$/.exec(link);
        if (!m || !wanted.has(m[1]) || this.owners.get(m[1])) continue;
        this.owners.set(m[1], processInfo(Number(pid)));
        left--;
      }
    }
  }
}

function processInfo(pid: number): ProcessInfo {
  const read = (f: string) => {
    try {
      return readFileSync(`/proc/${pid}/${f}`, 'utf8');
    } catch {
      return '';
    }
  };
  return { pid, name: read('comm').trim(), commandLine: read('cmdline').split('\0').filter(Boolean).join(' ') };
}
