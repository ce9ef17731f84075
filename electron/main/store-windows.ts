// One window per store: the registry of open windows by store, and how a store named by a second
// launch (or the File menu) is opened: an open store's window comes to the front instead of a second copy.
import { isAbsolute, resolve } from 'node:path';

/** A store spec with its path made absolute against `cwd`, so the same store always has the same key. */
export function canonicalStore(spec: string, cwd: string): string {
  if (spec.startsWith('memory:')) return spec;
  if (spec.startsWith('sqlite:')) {
    const path = spec.slice('sqlite:'.length);
    return `sqlite:${isAbsolute(path) ? resolve(path) : resolve(cwd, path)}`;
  }
  return isAbsolute(spec) ? resolve(spec) : resolve(cwd, spec);
}

/** What the single-instance lock carries from a second launch to the first. */
export interface LaunchRequest {
  /** The store asked for, canonical; undefined when the launch named none. */
  readonly store?: string;
}

/** The store a second launch asks for: its `--store=` argument, resolved against its working directory. */
export function launchRequest(argv: readonly string[], cwd: string): LaunchRequest {
  const arg = argv.find((a) => a.startsWith('--store='));
  return arg ? { store: canonicalStore(arg.slice('--store='.length), cwd) } : {};
}

/** What to do when a store is asked for. */
export type OpenDecision<W> =
  | { readonly action: 'focus'; readonly window: W }
  | { readonly action: 'replace'; readonly window: W }
  | { readonly action: 'new' };

/** The open windows by store. */
export class StoreWindows<W> {
  private readonly byStore = new Map<string, W>();

  /** The window showing a store. */
  windowOf(store: string): W | undefined {
    return this.byStore.get(store);
  }

  /** The store a window shows. */
  storeOf(window: W): string | undefined {
    for (const [store, w] of this.byStore) if (w === window) return store;
    return undefined;
  }

  /** Records that `window` now shows `store` (and nothing else). */
  set(store: string, window: W): void {
    this.forget(window);
    this.byStore.set(store, window);
  }

  /** Forgets a window (closed). */
  forget(window: W): void {
    for (const [store, w] of this.byStore) if (w === window) this.byStore.delete(store);
  }

  /** Every open store. */
  stores(): string[] {
    return [...this.byStore.keys()];
  }

  /**
   * Where `store` opens: its own window if one is open; else in `from` (the window whose menu asked),
   * replacing that window's store; else in a new window.
   */
  decide(store: string, from: W | undefined): OpenDecision<W> {
    const open = this.byStore.get(store);
    if (open !== undefined) return { action: 'focus', window: open };
    return from !== undefined ? { action: 'replace', window: from } : { action: 'new' };
  }
}
