// Starting the benchmark's child processes (TypeScript through tsx) and reading their stdout line by line.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The repository root (children run there, so `--import tsx` resolves). */
export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** A running child with its stdout split into lines. */
export interface Child {
  readonly process: ChildProcess;
  /** Resolves with the next stdout line matching test (earlier non-matching lines are dropped); rejects on exit or after timeoutMs. */
  line(test: (line: string) => boolean, timeoutMs: number): Promise<string>;
  /** Sends a line on stdin. */
  send(line: string): void;
  /** Sends SIGTERM and resolves when it exited (SIGKILL after graceMs). */
  stop(graceMs?: number): Promise<void>;
}

/** Runs a script of bench/children in one node process with the tsx loader (`node --import tsx`); extra node flags go first. */
export function spawnChild(script: string, args: readonly string[], nodeFlags: readonly string[] = []): Child {
  const proc = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', join(import.meta.dirname, script), ...args], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  return wrap(proc);
}

/** Wraps a spawned process whose stdout is a pipe. */
export function wrap(proc: ChildProcess): Child {
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  let exited = false;
  createInterface({ input: proc.stdout! }).on('line', (l) => {
    lines.push(l);
    for (const w of waiters.splice(0)) w();
  });
  proc.on('exit', () => {
    exited = true;
    for (const w of waiters.splice(0)) w();
  });
  const exitPromise = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return {
    process: proc,
    async line(test, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (lines.length) {
          const l = lines.shift()!;
          if (test(l)) return l;
        }
        if (exited) throw new Error(`child ${proc.pid} exited (code ${proc.exitCode}) before the expected output`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`child ${proc.pid} printed nothing expected within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
    },
    send(line) {
      proc.stdin!.write(line + '\n');
    },
    async stop(graceMs = 5000) {
      if (exited) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exitPromise;
      clearTimeout(t);
    },
  };
}
