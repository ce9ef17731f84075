// Level-triggered watch delivery shared by every backend. Pure: no node:* imports.
import type { KindName } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { Scope, Subscription } from './resource-client';
import { listSignature } from './store-backend';

/** Runs fn on the next turn of the event loop: setImmediate where the runtime has it (Node; no 1 ms timer floor), else a 0 ms timer. */
const nextTurn: (fn: () => void) => void = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate ?? ((fn) => void setTimeout(fn, 0));

interface Watcher {
  readonly kind: KindName;
  readonly scope: Scope;
  readonly onList: (list: Resource[]) => void;
  readonly onError?: (err: Error) => void;
  lastSignature?: string;
  dirty: boolean;
  busy: boolean;
  stopped: boolean;
}

/** Level-triggered watch delivery: marks watchers of changed kinds, lists once per burst, skips lists equal to the last one sent. */
export class WatchHub {
  private readonly watchers = new Set<Watcher>();
  private scheduled = false;

  constructor(private readonly lister: (kind: KindName, scope: Scope) => Promise<Resource[]>) {}

  /** Adds a watcher; its first list is delivered on the next turn of the event loop. */
  add(kind: KindName, scope: Scope, onList: (list: Resource[]) => void, onError?: (err: Error) => void): Subscription {
    const w: Watcher = { kind, scope, onList, onError, dirty: true, busy: false, stopped: false };
    this.watchers.add(w);
    this.schedule();
    return { stop: () => { w.stopped = true; this.watchers.delete(w); } };
  }

  /** Marks every watcher of these kinds for a new list. */
  changed(kinds: Iterable<KindName>): void {
    const set = new Set(kinds);
    for (const w of this.watchers) if (set.has(w.kind)) w.dirty = true;
    this.schedule();
  }

  /** Resolves once no delivery is scheduled or running: every watcher has been handed what changed before the call. */
  async delivered(): Promise<void> {
    while (this.scheduled || [...this.watchers].some((w) => w.dirty || w.busy)) await new Promise<void>((r) => nextTurn(r));
  }

  /** Ends every watch. */
  stopAll(): void {
    for (const w of this.watchers) w.stopped = true;
    this.watchers.clear();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // A macrotask, not a microtask: a burst of writes awaited one after another (a pass writing
    // thousands of statuses) becomes one list per watcher instead of one per write.
    nextTurn(() => {
      this.scheduled = false;
      for (const w of this.watchers) if (w.dirty && !w.busy) void this.deliver(w);
    });
  }

  private async deliver(w: Watcher): Promise<void> {
    w.busy = true;
    try {
      while (w.dirty && !w.stopped) {
        w.dirty = false;
        const list = await this.lister(w.kind, w.scope);
        const signature = listSignature(list);
        if (signature === w.lastSignature || w.stopped) continue;
        w.lastSignature = signature;
        w.onList(list);
      }
    } catch (err) {
      w.onError?.(err instanceof Error ? err : new Error(String(err)));
    } finally {
      w.busy = false;
    }
  }
}
