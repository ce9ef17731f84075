// The discovery loop: a second reconcile loop beside the gateway loop, over the same store. It scans its
// sources on an interval, watches the Upstreams, probes them for functions, and writes what it finds as
// Upstreams labelled `discovered_by`; the gateway loop picks those writes up like any other change.
// Passes run one at a time; a pass that writes something is recorded, with the gateway pass it caused.
import { adopted, ownershipOf, stampWritten } from '../../common/discovery/labels';
import type { DiscoveryConfig } from '../../common/discovery/discovery-config';
import type { DiscoveryPassView, DiscoveryWriteView } from '../../common/discovery/discovery-view';
import { planUpstreamWrites, type DesiredUpstream, type PlanStep } from '../../common/discovery/reconcile-plan';
import { serviceSpecOf, withServiceSpec } from '../../common/discovery/service-spec';
import { AlreadyExistsError, ConflictError, NotFoundError, StoreError } from '../../common/model/errors';
import { stableStringify } from '../../common/model/hash';
import { refKey, type Resource } from '../../common/model/resource';
import { ALL_NAMESPACES, type ResourceStore, type Subscription } from '../../common/store/resource-client';
import { FunctionDiscovery } from './fds/function-discovery';
import type { SourceScan, UpstreamSource } from './sources/source';
import { sourcesFor, type SourceContext } from './sources/registry';

/** Passes kept for the view. */
const PASS_HISTORY = 100;

/** The latest scan of one source. */
export interface ScanState {
  readonly source: UpstreamSource;
  readonly scan?: SourceScan;
  readonly at?: number;
}

/** What the loop needs. */
export interface DiscoveryLoopOptions {
  readonly store: ResourceStore;
  readonly config: DiscoveryConfig;
  readonly sourceContext?: SourceContext;
  /** The sources to run instead of those the config names (tests). */
  readonly sources?: readonly UpstreamSource[];
  readonly log?: (line: string) => void;
  readonly now?: () => number;
}

/** The discovery loop. */
export class DiscoveryLoop {
  config: DiscoveryConfig;
  scans = new Map<string, ScanState>();
  upstreams: readonly Resource<'Upstream'>[] = [];
  readonly fds: FunctionDiscovery;
  readonly passes: DiscoveryPassView[] = [];
  /** Upstreams waiting out the grace period: key → when their service was first seen gone. */
  goneSince: ReadonlyMap<string, number> = new Map();
  /** What the last plan decided per key, for the view (`wait` and `skip` notes). */
  notes = new Map<string, string>();
  /** Upstreams discovery deleted, with their last status, for the view. */
  readonly deleted = new Map<string, { at: number; status: string }>();
  /** Keys written by recent passes: key → pass id and time, to name the cause of the gateway pass that follows. */
  readonly recentWrites = new Map<string, { pass: number; op: DiscoveryWriteView['op']; at: number }>();
  /** The gateway pass that picked up each discovery pass's writes (it may finish before the discovery pass is recorded). */
  readonly gatewayLinks = new Map<number, { gatewayPass: number; published: Readonly<Record<string, string>> }>();
  private nextId = 1;
  private running?: Promise<void>;
  private pendingTrigger?: string;
  private watch?: Subscription;
  private scanTimer?: ReturnType<typeof setInterval>;
  private graceTimer?: ReturnType<typeof setTimeout>;
  private scanning = false;
  private readonly statusWritten = new Map<string, string>();
  private closed = false;
  /** Passes run only once start() was called: a loop used for one round (`discover --once`) writes only what it is told to. */
  private started = false;

  constructor(private readonly o: DiscoveryLoopOptions) {
    this.config = o.config;
    this.setSources(o.sources ?? sourcesFor(o.config, o.sourceContext));
    this.fds = new FunctionDiscovery({ ...fdsOptions(o.config), onResult: (key) => this.kick(`functions probed on ${key}`) });
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  /** Starts watching Upstreams and scanning sources. */
  start(): void {
    this.started = true;
    this.watch = this.o.store.client('Upstream').watch(ALL_NAMESPACES, (list) => {
      this.upstreams = list;
      this.fds.update(probed(this.config, list));
      this.kick('Upstreams changed');
    }, (err) => this.o.log?.(`discovery: watch error: ${err.message}`));
    void this.scanAll();
    this.scanTimer = setInterval(() => void this.scanAll(), this.config.scanIntervalMs);
    this.scanTimer.unref?.();
  }

  /** Applies a new config: sources rebuilt, FDS judged again, scans at the new interval. */
  reconfigure(config: DiscoveryConfig): void {
    if (stableStringify(config) === stableStringify(this.config)) return;
    const intervalChanged = config.scanIntervalMs !== this.config.scanIntervalMs;
    this.config = config;
    this.setSources(sourcesFor(config, this.o.sourceContext));
    this.fds.reconfigure(fdsOptions(config));
    this.fds.update(probed(config, this.upstreams));
    if (this.scanTimer && intervalChanged) {
      clearInterval(this.scanTimer);
      this.scanTimer = setInterval(() => void this.scanAll(), config.scanIntervalMs);
      this.scanTimer.unref?.();
    }
    void this.scanAll();
  }

  private setSources(sources: readonly UpstreamSource[]): void {
    for (const s of this.scans.values()) s.source.close?.();
    this.scans = new Map(sources.map((s) => [s.label, { source: s }]));
  }

  /** Scans every source once; a pass follows when what they found changed. */
  async scanAll(): Promise<void> {
    if (this.scanning || this.closed) return;
    this.scanning = true;
    try {
      let changed = false;
      await Promise.all([...this.scans.values()].map(async (s) => {
        const scan = await s.source.scan();
        const current = this.scans.get(s.source.label);
        if (current?.source !== s.source) return;
        // Sources that found the same as last time return the same object: no need to compare what they found.
        const differs = current.scan !== scan && stableStringify(current.scan) !== stableStringify(scan);
        changed ||= differs;
        if (differs) this.reprobeRestarted(current.scan, scan);
        this.scans.set(s.source.label, { source: s.source, scan, at: this.now() });
      }));
      if (changed) this.kick('sources scanned');
    } finally {
      this.scanning = false;
    }
  }

  /** Re-probes the Upstreams whose service is found again under another owner (a restarted process may serve new functions). */
  private reprobeRestarted(before: SourceScan | undefined, after: SourceScan): void {
    if (!before?.ok || !after.ok) return;
    const was = new Map(before.upstreams.map((d) => [refKey(d.upstream), d.found]));
    for (const d of after.upstreams) {
      const key = refKey(d.upstream);
      if (was.has(key) && was.get(key) !== d.found) this.fds.reprobe(key);
    }
  }

  private desiredNow(): DesiredUpstream[] {
    return [...this.scans.values()].flatMap((s) => (s.scan?.ok ? s.scan.upstreams : []));
  }

  /** Asks for a pass; passes run one at a time, and asks made during one are merged into the next. */
  kick(trigger: string): void {
    // With no source running discovery is off: it writes nothing, so it plans nothing either.
    if (this.closed || !this.started || !this.config.sources.length) return;
    this.pendingTrigger = this.pendingTrigger ?? trigger;
    if (this.running) return;
    this.running = (async () => {
      while (this.pendingTrigger && !this.closed) {
        const t = this.pendingTrigger;
        this.pendingTrigger = undefined;
        await this.pass(t).catch((err: Error) => this.o.log?.(`discovery: pass failed: ${err.message}`));
      }
    })().finally(() => { this.running = undefined; });
  }

  /** Resolves when no pass is running or asked for. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** The writes one pass would make now, without making them. */
  plan(): PlanStep[] {
    const ns = this.config.writeNamespace;
    const plan = planUpstreamWrites({
      desired: this.desiredNow(), scanned: new Set([...this.scans.values()].filter((s) => s.scan?.ok).map((s) => s.source.label)),
      existing: this.upstreams.filter((u) => u.metadata.namespace === ns), goneSince: this.goneSince, now: this.now(), gracePeriodMs: this.config.gracePeriodMs,
    });
    this.goneSince = plan.goneSince;
    this.notes = new Map(plan.steps.filter((s) => s.op === 'wait' || s.op === 'skip').map((s) => [s.key, s.reason]));
    return withFunctions([...plan.steps], this.upstreams, (key) => this.fds.record(key)?.serviceSpec);
  }

  /** One pass: plan, write, record. */
  private async pass(trigger: string): Promise<void> {
    await this.applySteps(this.plan(), trigger);
  }

  /** Writes planned steps as one pass (recorded when it wrote something); returns what was written. */
  async applySteps(steps: readonly PlanStep[], trigger: string): Promise<DiscoveryWriteView[]> {
    const started = this.now();
    const id = this.nextId;
    const writes: DiscoveryWriteView[] = [];
    for (const step of steps) {
      const done = await this.apply(step, id);
      if (done) writes.push(done);
    }
    this.scheduleGrace();
    if (!writes.length) return writes;
    this.nextId++;
    this.passes.unshift({ id, startedAt: new Date(started).toISOString(), durationMs: this.now() - started, trigger, writes });
    this.passes.length = Math.min(this.passes.length, PASS_HISTORY);
    for (const old of this.gatewayLinks.keys()) if (old <= id - PASS_HISTORY) this.gatewayLinks.delete(old);
    this.o.log?.(`discovery pass ${id}: ${writes.map((w) => `${w.op} ${w.key}`).join(', ')} (${trigger})`);
    return writes;
  }

  private async apply(step: PlanStep, passId: number): Promise<DiscoveryWriteView | undefined> {
    const client = this.o.store.client('Upstream');
    // Recorded before the write: a store may tell its watchers (and so the gateway loop) before write() returns.
    const before = this.recentWrites.get(step.key);
    if (step.op !== 'wait' && step.op !== 'skip') this.recentWrites.set(step.key, { pass: passId, op: step.op, at: this.now() });
    try {
      if (step.op === 'create' || step.op === 'update') {
        const rv = step.upstream.metadata.resourceVersion;
        await client.write(step.upstream, step.op === 'create' ? {} : { overwrite: true, ...(rv ? { expectedResourceVersion: rv } : {}) });
        this.deleted.delete(step.key);
      } else if (step.op === 'delete') {
        const status = `discovery deleted it: ${step.reason}`;
        await client.writeStatus({ namespace: step.namespace, name: step.name }, { state: 'Warning', reason: status, reportedBy: 'discovery' }).catch(() => undefined);
        await client.delete(step.namespace, step.name, { ignoreNotExist: true });
        this.deleted.set(step.key, { at: this.now(), status });
      } else {
        if (step.op === 'wait') await this.graceStatus(step.key, step.reason);
        return undefined;
      }
    } catch (err) {
      if (before) this.recentWrites.set(step.key, before);
      else this.recentWrites.delete(step.key);
      if (err instanceof ConflictError || err instanceof AlreadyExistsError || err instanceof NotFoundError) return undefined; // changed meanwhile: the next pass sees it
      throw err;
    }
    return { op: step.op, key: step.key, reason: step.reason };
  }

  /** Says on the Upstream's status that discovery will delete it, once per reason. */
  private async graceStatus(key: string, reason: string): Promise<void> {
    if (this.statusWritten.get(key) === reason) return;
    const [, namespace, ...rest] = key.split('.');
    await this.o.store.client('Upstream').writeStatus({ namespace, name: rest.join('.') }, { state: 'Warning', reason: `discovery: ${reason}`, reportedBy: 'discovery' }).catch(() => undefined);
    this.statusWritten.set(key, reason);
  }

  private scheduleGrace(): void {
    clearTimeout(this.graceTimer);
    if (!this.goneSince.size || this.closed) return;
    const next = Math.min(...this.goneSince.values()) + this.config.gracePeriodMs;
    this.graceTimer = setTimeout(() => this.kick('grace period over'), Math.max(0, next - this.now()) + 5);
    this.graceTimer.unref?.();
  }

  /** Makes a discovered Upstream the user's: the same object without the label and discovery's annotation. */
  async adopt(namespace: string, name: string): Promise<Resource<'Upstream'>> {
    const client = this.o.store.client('Upstream');
    const u = await client.read(namespace, name);
    if (ownershipOf(u).owner !== 'discovery') throw new StoreError('Conflict', `Upstream ${namespace}/${name} is not discovery's: it is yours already`);
    const rv = u.metadata.resourceVersion;
    const mine = await client.write(adopted(u), { overwrite: true, ...(rv ? { expectedResourceVersion: rv } : {}) });
    this.o.log?.(`discovery: Upstream ${namespace}/${name} adopted; discovery no longer manages it`);
    return mine;
  }

  /** Stops scanning, watching and probing. */
  close(): void {
    this.closed = true;
    this.watch?.stop();
    clearInterval(this.scanTimer);
    clearTimeout(this.graceTimer);
    this.fds.close();
    for (const s of this.scans.values()) s.source.close?.();
  }
}

/** The Upstreams function discovery looks at: none while no source runs (discovery is off) or fdsMode is DISABLED. */
function probed(c: DiscoveryConfig, list: readonly Resource<'Upstream'>[]): readonly Resource<'Upstream'>[] {
  return c.sources.length === 0 || c.fdsMode === 'DISABLED' ? [] : list;
}

function fdsOptions(c: DiscoveryConfig) {
  return { mode: c.fdsMode, timeoutMs: c.probeTimeoutMs, concurrency: c.probeConcurrency };
}

/**
 * The plan's steps with function discovery's ServiceSpecs written into the Upstreams discovery owns or
 * creates: a create or an update gets them on top, and an owned Upstream with a new ServiceSpec and no
 * step gets an update.
 */
export function withFunctions(steps: PlanStep[], upstreams: readonly Resource<'Upstream'>[], found: (key: string) => ReturnType<typeof serviceSpecOf>): PlanStep[] {
  const byKey = new Map(steps.map((s, i) => [s.key, i]));
  const owned = new Map(upstreams.filter((u) => ownershipOf(u).owner === 'discovery').map((u) => [refKey(u), u]));
  const keys = new Set([...owned.keys(), ...steps.filter((s) => s.op === 'create').map((s) => s.key)]);
  for (const key of keys) {
    const spec = found(key);
    const i = byKey.get(key);
    const step = i === undefined ? undefined : steps[i];
    if (!spec || (step && step.op !== 'update' && step.op !== 'create')) continue;
    const base = step?.op === 'update' || step?.op === 'create' ? step.upstream : owned.get(key);
    if (!base || stableStringify(serviceSpecOf(base.spec)) === stableStringify(spec)) continue;
    const next = stampWritten({ ...base, spec: withServiceSpec(base.spec, spec) });
    if (step?.op === 'create') steps[i!] = { ...step, upstream: next, reason: `${step.reason}; functions found` };
    else if (step?.op === 'update') steps[i!] = { ...step, upstream: next, reason: `${step.reason}; functions found` };
    else steps.push({ op: 'update', key, upstream: next, reason: 'functions found' });
  }
  return steps;
}
