// Memory a long-running serve gives back once it is idle. A pass over a large config allocates far more than it keeps:
// V8 grows the young generation up to two 16 MB semi-spaces, which stay committed and resident afterwards, and the old
// generation keeps the first pass's peak committed until a later collection that an idle process never triggers.
// Keeping the young generation at its initial size and collecting once after a burst of activity brings the idle RSS
// close to what is live. Neither changes what is computed.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Keeps V8's young generation at its initial size for the rest of the process (V8 flag `--semi-space-growth-factor=1`):
 * surviving objects are promoted sooner, and the 32 MB that a grown young generation holds resident is never taken.
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/** When to collect: this long after the last activity, and only when the heap is worth collecting. */
export interface IdleCollectOptions {
  /** ms without activity before collecting (default 3000). */
  readonly idleMs?: number;
  /** Whether a heap of `total` committed and `used` bytes is worth a collection (default: worthCollecting). */
  readonly worthIt?: (total: number, used: number) => boolean;
}

/** The default rule: the heap commits over 16 MB, and over a quarter, more than it uses. */
export function worthCollecting(total: number, used: number): boolean {
  return total - used >= Math.max(16 * 1024 * 1024, used / 4);
}

/** Schedules one full collection per burst of activity; `activity()` re-arms it, `stop()` cancels it. */
export interface IdleCollector {
  activity(): void;
  stop(): void;
  /** How many collections ran. */
  readonly collections: number;
}

/**
 * One full garbage collection `idleMs` after the last `activity()` (a pass, an ACK), when the heap commits much more
 * than it uses: the first pass's peak is handed back to the system instead of staying resident while the serve idles.
 * The collection runs once per burst, never on a timer of its own, so an idle serve stays without CPU use.
 */
export function collectWhenIdle(options: IdleCollectOptions = {}): IdleCollector {
  const idleMs = options.idleMs ?? 3000;
  const worthIt = options.worthIt ?? worthCollecting;
  let timer: NodeJS.Timeout | undefined;
  let collections = 0;
  const collect = () => {
    timer = undefined;
    const { total_heap_size: total, used_heap_size: used } = getHeapStatistics();
    if (!worthIt(total, used)) return;
    fullGc()();
    collections++;
  };
  return {
    activity() {
      clearTimeout(timer);
      timer = setTimeout(collect, idleMs);
      timer.unref();
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
    get collections() {
      return collections;
    },
  };
}

let gc: (() => void) | undefined;
/** V8's full collection: `--expose-gc` set at run time makes a new context carry `gc` (the process's own flags are untouched otherwise). */
function fullGc(): () => void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  return gc;
}
