// The machine a run happened on, and per-process CPU and memory read from /proc.
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

/** What the report says about the machine. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  date: string;
  loadStart: string;
  loadEnd?: string;
}

/** CPU model, cores, memory, Node version, the date and the load average now. */
export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    date: new Date().toISOString(),
    loadStart: loadText(),
  };
}

/** The 1, 5 and 15 minute load averages as text. */
export function loadText(): string {
  return loadavg().map((l) => l.toFixed(2)).join(' ');
}

/** CPU time and memory of a process from /proc. */
export interface ProcSample {
  /** User + system CPU time so far, ms. */
  cpuMs: number;
  /** Resident set size now, MB. */
  rssMb: number;
  /** Peak resident set size, MB. */
  peakRssMb: number;
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const USER_HZ = 100;

/** Reads CPU time (fields utime + stime of /proc/<pid>/stat) and VmRSS / VmHWM of /proc/<pid>/status. */
export function procSample(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { cpuMs: ((utime + stime) * 1000) / USER_HZ, rssMb: Math.round(kb('VmRSS') / 102.4) / 10, peakRssMb: Math.round(kb('VmHWM') / 102.4) / 10 };
}
