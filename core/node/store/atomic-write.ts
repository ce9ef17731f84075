// Atomic file replacement: write a temp file in the same folder, flush it, rename it over the target.
import { randomBytes } from 'node:crypto';
import { mkdir, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Options of writeFileAtomic. */
export interface AtomicWriteOptions {
  /** Flush the data to disk before the rename (default true), so a crash never leaves an empty file. */
  readonly fsync?: boolean;
}

/**
 * Replaces file with text so that a reader sees either the old or the new content, never a mix. The temp file is a dotfile
 * next to the target (watchers ignore it); a symlinked target is written through (the link stays); the mode is kept.
 */
export async function writeFileAtomic(file: string, text: string, opts: AtomicWriteOptions = {}): Promise<void> {
  const target = await realpath(file).catch(() => file);
  const dir = dirname(target);
  await mkdir(dir, { recursive: true });
  const mode = await stat(target).then((s) => s.mode & 0o7777, () => 0o644);
  const tmp = join(dir, `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'wx', mode);
    try {
      await fh.writeFile(text, 'utf8');
      if (opts.fsync !== false) await fh.datasync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
