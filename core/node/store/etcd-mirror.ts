// A local copy of every key under an etcd prefix, kept current by a watch: one range read at revision R, then a watch
// from R+1, so no event between the read and the watch is lost. A watch resumed after a dropped connection starts after
// the last revision applied; one whose revision was compacted away reads everything again. While etcd cannot be
// reached the copy stays as it was (the last snapshot) and `connected` is false.
import type { Etcd3, IKeyValue, IWatchResponse, Watcher } from 'etcd3';

/** One key's value and the revision that last changed it. */
export interface MirrorEntry {
  readonly value: Buffer;
  readonly modRevision: number;
}

/** What a mirror tells its owner. */
export interface MirrorEvents {
  /** These keys were put or deleted (full keys). */
  keysChanged(keys: readonly string[]): void;
  /** The connection went down (with the error) or came back (undefined). */
  connectionChanged(error: Error | undefined): void;
}

interface Waiter {
  readonly check: () => boolean;
  readonly resolve: () => void;
}

/** Every key under a prefix, as of `revision`, kept current by a watch. */
export class EtcdMirror {
  /** The etcd revision the copy is current to. */
  revision = 0;
  /** Whether the watch is connected; false while the copy is the last snapshot of a lost connection. */
  connected = true;
  private readonly entries = new Map<string, MirrorEntry>();
  private watcher?: Watcher;
  private waiters = new Set<Waiter>();
  private closed = false;

  constructor(private readonly client: Etcd3, private readonly prefix: string, private readonly events: MirrorEvents) {}

  /** Reads every key under the prefix, then watches from the next revision. */
  async start(): Promise<void> {
    await this.resync();
  }

  /** The entry of a full key, if present. */
  get(key: string): MirrorEntry | undefined {
    return this.entries.get(key);
  }

  /** Resolves once check() holds after applying what etcd sent (at once when it holds now), or after timeoutMs. */
  waitUntil(check: () => boolean, timeoutMs = 5000): Promise<void> {
    if (check() || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(), timeoutMs);
      const waiter: Waiter = { check, resolve: () => done() };
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve();
      };
      this.waiters.add(waiter);
    });
  }

  /** Stops watching; the copy stays readable. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of [...this.waiters]) w.resolve();
    // cancel() of a watch whose connection is down waits for the next reconnection attempt: wait a second at most
    const cancelled = this.watcher?.cancel().catch(() => {});
    await Promise.race([cancelled, new Promise((r) => setTimeout(r, 1000).unref())]);
  }

  /** Reads everything under the prefix (replacing the copy), then watches from the revision after that read. */
  private async resync(): Promise<void> {
    const res = await this.client.getAll().prefix(this.prefix).exec();
    const revision = Number(res.header.revision);
    const fresh = new Map<string, MirrorEntry>();
    for (const kv of res.kvs) fresh.set(kv.key.toString(), { value: kv.value, modRevision: Number(kv.mod_revision) });
    const changed = new Set<string>();
    for (const [key, entry] of this.entries) if (fresh.get(key)?.modRevision !== entry.modRevision) changed.add(key);
    for (const key of fresh.keys()) if (!this.entries.has(key)) changed.add(key);
    this.entries.clear();
    for (const [key, entry] of fresh) this.entries.set(key, entry);
    this.revision = revision;
    if (changed.size) this.events.keysChanged([...changed]);
    this.wakeWaiters();
    if (this.closed) return;
    this.watcher = await this.client.watch().prefix(this.prefix).startRevision(String(revision + 1)).create();
    this.watcher
      .on('data', (res) => this.apply(res))
      .on('disconnected', (err) => this.disconnected(err))
      .on('connected', () => this.setConnected(undefined))
      .on('error', (err) => void this.restart(err));
  }

  private apply(res: IWatchResponse): void {
    const changed: string[] = [];
    for (const ev of res.events) {
      const kv: IKeyValue = ev.kv;
      const key = kv.key.toString();
      const modRevision = Number(kv.mod_revision);
      if (ev.type === 'Put') this.entries.set(key, { value: kv.value, modRevision });
      else this.entries.delete(key);
      if (modRevision > this.revision) this.revision = modRevision;
      changed.push(key);
    }
    if (changed.length) this.events.keysChanged(changed);
    this.wakeWaiters();
  }

  private disconnected(err: Error): void {
    // Resume after the last revision applied: the client would resume after the last header it saw, which can be past
    // events of a catch-up that were not delivered yet.
    if (this.watcher) this.watcher.request.start_revision = String(this.revision + 1);
    this.setConnected(err);
  }

  /** The watch was cancelled by etcd (its revision was compacted away): read everything again and watch anew. */
  private async restart(err: Error): Promise<void> {
    this.setConnected(err);
    // etcd cancelled it and the client dropped it: cancel() would wait for an answer that never comes
    this.watcher?.removeAllListeners();
    this.watcher = undefined;
    for (let delay = 200; !this.closed; delay = Math.min(delay * 2, 5000)) {
      try {
        await this.resync();
        this.setConnected(undefined);
        return;
      } catch (e) {
        this.setConnected(e instanceof Error ? e : new Error(String(e)));
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  private setConnected(err: Error | undefined): void {
    const connected = err === undefined;
    if (connected === this.connected || this.closed) return;
    this.connected = connected;
    this.events.connectionChanged(err);
  }

  private wakeWaiters(): void {
    for (const w of [...this.waiters]) if (w.check()) w.resolve();
  }
}
