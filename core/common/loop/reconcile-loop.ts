// The event loop: takes snapshots, runs the pipeline on the newest one, publishes xDS and writes statuses back.
// Level-triggered (controller-runtime style): a newer snapshot replaces a pending one and aborts a running pass.
import { NotFoundError } from '../model/errors';
import { stableStringify } from '../model/hash';
import { parseRefKey, type Resource, type Status } from '../model/resource';
import type { PassStage } from '../api/contract';
import type { ApiSnapshot } from '../snapshot/api-snapshot';
import type { ResourceStore } from '../store/resource-client';
import type { Pipeline, PipelineResult } from '../translate/pipeline';
import type { XdsSnapshot } from '../xds/xds-snapshot';
import { countStates, type StateCounts } from './state-counts';

/** Status writes between two yields to the event loop. */
const STATUS_BATCH = 100;

/** Quiet time after the newest pass before its generated Proxies are written to the store. */
const PROXY_WRITE_DELAY_MS = 300;

/** One finished pass. */
export interface PassRecord {
  readonly id: number;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly trigger: string;
  readonly snapshot: ApiSnapshot;
  readonly previous?: ApiSnapshot;
  readonly result: PipelineResult;
  readonly objectsChanged: number;
  /** Proxy key → version published by this pass, for proxies whose snapshot changed. */
  readonly published: Readonly<Record<string, string>>;
  readonly counts: StateCounts;
}

/** The stages a pass goes through, in order. */
export type { PassStage };

/** What a stepped pass has produced when it stops after a stage. */
export interface StageStop {
  readonly passId: number;
  readonly snapshot: ApiSnapshot;
  /** The previous pass, if any: what this one is compared with. */
  readonly previous?: PassRecord;
  /** The pipeline's result, from the `proxies` stage on. */
  readonly result?: PipelineResult;
}

/** Awaited after the `snapshot` and `proxies` stages of a stepped pass: teaching mode resolves it on the next step. */
export type StageGate = (stage: 'snapshot' | 'proxies', stop: StageStop) => Promise<void>;

/** What the loop needs from the outside world. */
export interface LoopDeps {
  readonly store: ResourceStore;
  readonly pipeline: Pipeline;
  /** Hands the xDS snapshots to the server; returns the proxy keys → versions that changed. */
  readonly publish: (xds: ReadonlyMap<string, XdsSnapshot>) => Record<string, string>;
  readonly onPass?: (pass: PassRecord) => void;
  readonly onStage?: (passId: number, stage: PassStage) => void;
  readonly onError?: (err: Error) => void;
  readonly now?: () => number;
  /** Write generated Proxies back to the store (off for YAML folders: the user's files hold only what the user wrote). */
  readonly writeProxies?: boolean;
  /** Id of the first pass (passes continue a persisted history). */
  readonly firstPassId?: number;
  /** Whether this instance writes statuses and generated Proxies now: the leader of the instances serving the store (default: always). */
  readonly mayWrite?: () => boolean;
  /**
   * Resolves once what publish handed out has reached the clients (default: on the next turn of the event loop). Status
   * write-back and onPass wait for it, so they never hold the event loop while a large response is being written.
   */
  readonly delivered?: () => Promise<void>;
}

/** Runs passes one at a time on the newest snapshot offered. */
export class ReconcileLoop {
  private pending?: { snapshot: ApiSnapshot; trigger: string };
  private running?: AbortController;
  private last?: PassRecord;
  private nextId: number;
  private paused = false;
  /** True while a stepped pass waits between stages: a newer snapshot waits for it instead of aborting it. */
  private stepping = false;
  private readonly written = new Map<string, string>();
  /** The status object last written per key (passes reuse the status of an object they did not translate again). */
  private readonly writtenStatus = new Map<string, Status>();
  private idleWaiters: (() => void)[] = [];
  private proxyTimer?: ReturnType<typeof setTimeout>;
  private proxiesToWrite?: PipelineResult;
  /** Set while a new leader writes again: a Proxy the previous leader stored as it is now is not written. */
  private compareStoredProxies = false;
  /** What follows each publication (waiting for delivery, status write-back, onPass), one pass after the other. */
  private tail: Promise<void> = Promise.resolve();
  private tailPending = 0;
  /** The pass whose statuses are being written back: a newer snapshot stops it, as it stops a running pass. */
  private delivering?: AbortController;

  constructor(private readonly deps: LoopDeps) {
    this.nextId = deps.firstPassId ?? 1;
  }

  /** The newest finished pass. */
  get latest(): PassRecord | undefined {
    return this.last;
  }

  /** The snapshot waiting for the next pass (while paused, the change teaching mode shows as pending). */
  get pendingSnapshot(): ApiSnapshot | undefined {
    return this.pending?.snapshot;
  }

  /** Whether passes wait for step(). */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Offers a snapshot; it replaces any pending one and aborts a pass still running for an older one. */
  offer(snapshot: ApiSnapshot, trigger = 'store change'): void {
    this.pending = { snapshot, trigger };
    if (!this.stepping) {
      this.running?.abort();
      this.delivering?.abort();
    }
    if (!this.paused) this.kick();
  }

  /** Forgets that these statuses (`Kind.namespace.name`) were written, so the next pass writes them again (after someone else wrote them, e.g. a NACK). */
  forgetStatuses(keys: Iterable<string>): void {
    for (const key of keys) {
      this.written.delete(key);
      this.writtenStatus.delete(key);
    }
  }

  /**
   * Writes every status and generated Proxy of the newest pass again, as a new leader does once: what the previous leader
   * left unwritten is written, and what it wrote is left as it is (the store skips a status equal to the stored one).
   */
  async rewriteAll(): Promise<void> {
    this.written.clear();
    this.writtenStatus.clear();
    const result = this.last?.result;
    if (!result) return;
    this.compareStoredProxies = true;
    try {
      await this.writeBack(result, new AbortController().signal);
      await this.flushProxies();
    } finally {
      this.compareStoredProxies = false;
    }
  }

  /** Stops starting passes until resume() or step(). */
  pause(): void {
    this.paused = true;
  }

  /** Starts passes again, beginning with the pending snapshot. */
  resume(): void {
    this.paused = false;
    this.kick();
  }

  /** Runs one pass on the pending snapshot (or the last one again) while paused. */
  async step(): Promise<PassRecord | undefined> {
    const input = this.pending ?? (this.last ? { snapshot: this.last.snapshot, trigger: 'step' } : undefined);
    this.pending = undefined;
    if (!input) return undefined;
    const record = await this.runPass(input.snapshot, 'step');
    await this.tail;
    return record;
  }

  /**
   * Runs one pass on the pending snapshot (or the last one again) while paused, awaiting `gate` after the
   * snapshot stage and after the proxies stage (before anything is published); undefined when there is no input.
   */
  async stepStaged(gate: StageGate): Promise<PassRecord | undefined> {
    const input = this.pending ?? (this.last ? { snapshot: this.last.snapshot, trigger: 'step' } : undefined);
    this.pending = undefined;
    if (!input || this.running) return undefined;
    this.stepping = true;
    try {
      const record = await this.runPass(input.snapshot, 'step by stage', gate);
      await this.tail;
      return record;
    } finally {
      this.stepping = false;
      if (!this.paused && this.pending) this.kick();
      else this.notifyIdle();
    }
  }

  /** Resolves once no pass is running, pending (pending passes wait while paused) or writing back its statuses. */
  idle(): Promise<void> {
    if (!this.running && this.tailPending === 0 && (!this.pending || this.paused)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private kick(): void {
    if (this.running || !this.pending) return;
    const { snapshot, trigger } = this.pending;
    this.pending = undefined;
    void this.runPass(snapshot, trigger).finally(() => {
      if (!this.paused && this.pending) this.kick();
      else this.notifyIdle();
    });
  }

  private notifyIdle(): void {
    if (this.running || this.tailPending > 0 || (this.pending && !this.paused)) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private async runPass(snapshot: ApiSnapshot, trigger: string, gate?: StageGate): Promise<PassRecord | undefined> {
    const controller = new AbortController();
    this.running = controller;
    const now = this.deps.now ?? (() => performance.now());
    const id = this.nextId++;
    const started = now();
    const startedAt = Date.now();
    try {
      this.deps.onStage?.(id, 'snapshot');
      let waited = 0;
      const stopAt = async (stage: 'snapshot' | 'proxies', result?: PipelineResult) => {
        const t = now();
        await gate?.(stage, { passId: id, snapshot, previous: this.last, ...(result ? { result } : {}) });
        waited += now() - t;
      };
      if (gate) await stopAt('snapshot');
      const result = this.deps.pipeline.run(snapshot, controller.signal);
      this.deps.onStage?.(id, 'proxies');
      if (controller.signal.aborted) return undefined;
      if (gate) await stopAt('proxies', result);
      const published = this.deps.publish(result.xds);
      this.deps.onStage?.(id, 'xds');
      const record: PassRecord = {
        id, startedAt, durationMs: now() - started - waited, trigger, snapshot, previous: this.last?.snapshot, result,
        objectsChanged: countChanged(this.last?.snapshot, snapshot), published, counts: countStates(result.statuses, snapshot.problems.length),
      };
      this.last = record;
      this.afterDelivery(record, controller);
      return record;
    } catch (err) {
      if (!controller.signal.aborted) this.deps.onError?.(err as Error);
      return undefined;
    } finally {
      if (this.running === controller) this.running = undefined;
    }
  }

  /**
   * Queues what follows a publication: once the clients have the responses (or a newer snapshot came), the pass's statuses
   * are written back and onPass is called, pass after pass in order; the next pass need not wait for it.
   */
  private afterDelivery(record: PassRecord, controller: AbortController): void {
    this.tailPending++;
    this.tail = this.tail.then(async () => {
      try {
        this.delivering = controller;
        if (!controller.signal.aborted) await Promise.race([this.deps.delivered?.() ?? nextTurn(), whenAborted(controller.signal)]);
        await this.writeBack(record.result, controller.signal);
        this.deps.onPass?.(record);
      } catch (err) {
        this.deps.onError?.(err as Error);
      } finally {
        if (this.delivering === controller) this.delivering = undefined;
        this.tailPending--;
        this.notifyIdle();
      }
    });
  }

  /** Writes changed statuses to the store, then schedules the generated proxies; stops early when a newer pass aborts this one. */
  private async writeBack(result: PipelineResult, signal: AbortSignal): Promise<void> {
    if (!this.mayWrite()) return;
    const generated = new Set(result.proxies.map((p) => `Proxy.${p.metadata.namespace}.${p.metadata.name}`));
    let writes = 0;
    for (const [key, status] of result.statuses) {
      if (signal.aborted) return;
      if (this.writtenStatus.get(key) === status) continue; // the very status written last time
      const text = stableStringify(status);
      if (this.written.get(key) === text) {
        this.writtenStatus.set(key, status);
        continue;
      }
      // Let sockets and timers run between batches: thousands of status writes must not starve them.
      if (++writes % STATUS_BATCH === 0) await new Promise((resolve) => setTimeout(resolve, 0));
      if (generated.has(key)) continue; // written with its proxy
      await this.writeStatus(key, status, text);
    }
    if (this.deps.writeProxies !== false && !signal.aborted) this.scheduleProxyWrite(result);
  }

  private mayWrite(): boolean {
    return this.deps.mayWrite?.() ?? true;
  }

  private async writeStatus(key: string, status: Status, text = stableStringify(status)): Promise<void> {
    if (this.written.get(key) === text || !this.mayWrite()) return;
    const ref = parseRefKey(key);
    try {
      await this.deps.store.client(ref.kind).writeStatus(ref, status);
      this.written.set(key, text);
      this.writtenStatus.set(key, status);
    } catch (err) {
      if (!(err instanceof NotFoundError)) this.deps.onError?.(err as Error);
    }
  }

  /** Generated Proxies are written once passes pause: they are informational, and writing a large one must not delay delivery. */
  private scheduleProxyWrite(result: PipelineResult): void {
    this.proxiesToWrite = result;
    clearTimeout(this.proxyTimer);
    // Written once whatever was published meanwhile has reached the clients: serializing a large Proxy holds the event loop.
    this.proxyTimer = setTimeout(() => void (this.deps.delivered?.() ?? Promise.resolve()).then(() => this.flushProxies()), PROXY_WRITE_DELAY_MS);
  }

  /** Writes the generated Proxies (and their statuses) of the newest pass now; the engine calls it before closing the store. */
  async flushProxies(): Promise<void> {
    clearTimeout(this.proxyTimer);
    const result = this.proxiesToWrite;
    this.proxiesToWrite = undefined;
    if (!this.mayWrite()) return;
    for (const proxy of result?.proxies ?? []) {
      await this.writeProxy(proxy);
      const key = `Proxy.${proxy.metadata.namespace}.${proxy.metadata.name}`;
      const status = result!.statuses.get(key);
      if (status) await this.writeStatus(key, status);
    }
  }

  private async writeProxy(proxy: Resource<'Proxy'>): Promise<void> {
    const key = `Proxy.${proxy.metadata.namespace}.${proxy.metadata.name}#spec`;
    const text = stableStringify(proxy.spec);
    if (this.written.get(key) === text) return;
    try {
      if (this.compareStoredProxies) {
        const stored = await this.deps.store.client('Proxy').read(proxy.metadata.namespace, proxy.metadata.name).catch(() => undefined);
        if (stored && stableStringify(stored.spec) === text) {
          this.written.set(key, text); // stored as it is by the previous leader
          return;
        }
      }
      await this.deps.store.client('Proxy').write(proxy, { overwrite: true });
      this.written.set(key, text);
    } catch (err) {
      this.deps.onError?.(err as Error);
    }
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function whenAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

function countChanged(prev: ApiSnapshot | undefined, next: ApiSnapshot): number {
  if (!prev) return next.objectHashes.size;
  let n = 0;
  for (const [k, h] of next.objectHashes) if (prev.objectHashes.get(k) !== h) n++;
  for (const k of prev.objectHashes.keys()) if (!next.objectHashes.has(k)) n++;
  return n;
}
