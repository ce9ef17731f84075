// Function discovery (FDS) over the Upstreams fdsMode selects: each is probed for OpenAPI and gRPC
// reflection at once (Gloo runs its detectors in parallel: projects/discovery/pkg/fds/updater.go,
// detectType), at most `concurrency` Upstreams at a time; again at once when the Upstream changes or its
// service restarts, once 3 s after nothing was found and then every 5 min, and every 60 s when something was.
import { grpcTranscoderSpec } from '../../../common/discovery/grpc-descriptors';
import type { FdsMode } from '../../../common/discovery/discovery-config';
import type { FdsView, ProbeStepView } from '../../../common/discovery/discovery-view';
import { fdsChoice } from '../../../common/discovery/fds-selection';
import { restServiceSpec } from '../../../common/discovery/openapi';
import { probeTargetOf, serviceSpecOf, withServiceSpec } from '../../../common/discovery/service-spec';
import type { ServiceSpecJson } from '../../../common/gen/gloo/api/v1/options/service_spec_pb';
import { contentHash, stableStringify } from '../../../common/model/hash';
import type { Resource } from '../../../common/model/resource';
import { probeReflection, type ReflectionProbeResult } from './grpc-reflection-probe';
import { probeOpenApi, seconds } from './openapi-probe';

/** How often an Upstream whose functions were found is probed again. */
export const REPROBE_MS = 60_000;
/**
 * After nothing was found: one retry soon (a server may listen before it serves its routes), then the slow
 * interval. Gloo gives up after one retry until the Upstream changes; here a restart of the process behind
 * the Upstream also re-probes it at once (see reprobe).
 */
const RETRY_MS = 3_000;
const SLOW_REPROBE_MS = 5 * 60_000;

/** How FDS runs. */
export interface FdsOptions {
  readonly mode: FdsMode;
  readonly timeoutMs: number;
  readonly concurrency: number;
  /** Called after a probe whose ServiceSpec differs from the one before (what a discovery pass writes), with the Upstream's key. */
  readonly onResult?: (key: string) => void;
  readonly now?: () => number;
}

/** What FDS knows of one Upstream. */
export interface FdsRecord extends FdsView {
  /** The hash of what the probe depends on (the spec without its ServiceSpec, and the labels). */
  readonly probeHash: string;
  /** The ServiceSpec to write, when something was found. */
  readonly serviceSpec?: ServiceSpecJson;
  readonly failures: number;
  readonly dueAt?: number;
  /** Whether the last probe got an HTTP/1.1 answer. */
  readonly http1?: boolean;
}

/** The Upstreams' FDS state, the probe queue and its timer. */
export class FunctionDiscovery {
  private readonly records = new Map<string, FdsRecord>();
  private readonly upstreams = new Map<string, Resource<'Upstream'>>();
  private readonly queue: string[] = [];
  private readonly running = new Set<string>();
  private timer?: ReturnType<typeof setTimeout>;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(private o: FdsOptions) {}

  /** Changes mode, timeout or concurrency (the callbacks stay); every Upstream is judged again. */
  reconfigure(o: Pick<FdsOptions, 'mode' | 'timeoutMs' | 'concurrency'>): void {
    this.o = { ...this.o, mode: o.mode, timeoutMs: o.timeoutMs, concurrency: o.concurrency };
    for (const key of this.records.keys()) this.records.set(key, { ...this.records.get(key)!, probeHash: '' });
    this.update([...this.upstreams.values()]);
  }

  /** Takes the current Upstreams: new and changed ones are probed at once, removed ones forgotten. */
  update(list: readonly Resource<'Upstream'>[]): void {
    const now = this.now();
    const seen = new Set<string>();
    for (const u of list) {
      const key = keyOf(u);
      seen.add(key);
      this.upstreams.set(key, u);
      const r = this.records.get(key);
      const hash = probeHashOf(u, this.o.mode, r?.serviceSpec?.rest?.swaggerInfo?.url);
      if (r && r.probeHash === hash) continue;
      const choice = fdsChoice(u, this.o.mode);
      const target = probeTargetOf(u.spec);
      if (!choice.probe || 'unreachable' in target) {
        this.records.set(key, { ...NOT_PROBED, probeHash: hash, summary: !choice.probe ? choice.why : 'unreachable' in target ? target.unreachable : '' });
        continue;
      }
      this.records.set(key, { ...(r ?? WAITING), state: r?.state === 'found' ? 'found' : 'waiting', probeHash: hash, failures: 0, dueAt: now });
    }
    for (const key of [...this.records.keys()]) if (!seen.has(key)) { this.records.delete(key); this.upstreams.delete(key); }
    this.schedule();
  }

  /** Probes an Upstream again now, as if new (its service restarted, so what it serves may have changed); no-op for one not probed. */
  reprobe(key: string): void {
    const r = this.records.get(key);
    if (!r || r.dueAt === undefined || this.running.has(key)) return;
    this.records.set(key, { ...r, failures: 0, dueAt: this.now() });
    this.schedule();
  }

  /** What FDS knows of an Upstream. */
  record(key: string): FdsRecord | undefined {
    return this.records.get(key);
  }

  /** Probes every selected Upstream now and resolves when all are done (for `discover --once`). */
  async probeAll(): Promise<void> {
    for (const [key, r] of this.records) if (r.dueAt !== undefined) this.records.set(key, { ...r, dueAt: 0 });
    this.schedule();
    await this.idle();
  }

  /** Resolves when no probe is running or queued (probes due later do not count). */
  idle(): Promise<void> {
    if (!this.running.size && !this.queue.length) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops the timer; running probes finish but are not recorded. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  /** Queues what is due, starts probes up to the cap, and sets the timer for the next due one. */
  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    const now = this.now();
    let next = Infinity;
    for (const [key, r] of this.records) {
      if (r.dueAt === undefined || this.running.has(key) || this.queue.includes(key)) continue;
      if (r.dueAt <= now) this.queue.push(key);
      else next = Math.min(next, r.dueAt);
    }
    while (this.running.size < this.o.concurrency && this.queue.length) {
      const key = this.queue.shift()!;
      const u = this.upstreams.get(key);
      if (!u) continue;
      this.running.add(key);
      this.records.set(key, { ...this.records.get(key)!, state: 'probing' });
      void this.probe(key, u).finally(() => {
        this.running.delete(key);
        this.schedule();
        if (!this.running.size && !this.queue.length) for (const w of this.idleWaiters.splice(0)) w();
      });
    }
    if (next < Infinity) this.timer = setTimeout(() => this.schedule(), Math.max(0, next - now)).unref();
  }

  private async probe(key: string, u: Resource<'Upstream'>): Promise<void> {
    const target = probeTargetOf(u.spec);
    if ('unreachable' in target) return;
    const hashAtStart = this.records.get(key)?.probeHash;
    const t = { ...target, timeoutMs: this.o.timeoutMs };
    const extraUrl = serviceSpecOf(u.spec)?.rest?.swaggerInfo?.url;
    // A server found to answer HTTP/1.1 is not probed for gRPC again (gRPC servers do not answer it); the first probe tries both.
    const skipGrpc = this.records.get(key)?.http1 === true;
    const [openapi, grpc] = await Promise.all([
      probeOpenApi({ ...t, ...(extraUrl ? { extraUrl } : {}) }),
      skipGrpc ? NOT_TRIED_AGAIN : probeReflection(t),
    ]);
    const before = this.records.get(key);
    if (this.closed || !before || before.probeHash !== hashAtStart) return; // changed while probed: probed again
    const steps: ProbeStepView[] = [...openapi.steps, ...grpc.steps];
    const now = this.now();
    let result: Pick<FdsRecord, 'state' | 'summary' | 'functions' | 'serviceSpec'>;
    if (openapi.found) {
      const f = openapi.found;
      result = { state: 'found', summary: `found ${count(f.functions.length)} (OpenAPI ${f.version} at ${new URL(f.url).pathname})`, functions: f.functions.map((fn) => fn.name), serviceSpec: { rest: restServiceSpec(f.url, f.functions) } };
    } else if (grpc.found) {
      const { set, services } = grpc.found;
      const functions = services.flatMap((s) => s.methods.map((m) => `${s.fullName}/${m.name}`));
      result = { state: 'found', summary: `found ${count(functions.length)} (gRPC reflection: ${services.map((s) => s.fullName).join(', ')})`, functions, serviceSpec: { grpcJsonTranscoder: grpcTranscoderSpec(set, services.map((s) => s.fullName)) } };
    } else {
      result = { state: 'not found', summary: notFoundSummary(openapi, grpc.steps, this.o.timeoutMs), functions: [] };
    }
    const failures = result.state === 'found' ? 0 : before.failures + 1;
    const delay = result.state === 'found' ? REPROBE_MS : failures === 1 ? RETRY_MS : SLOW_REPROBE_MS;
    this.records.set(key, {
      ...result, steps, written: false, probeHash: before.probeHash, failures, dueAt: now + delay, http1: openapi.http1,
      probedAt: new Date(now).toISOString(), nextProbeAt: new Date(now + delay).toISOString(),
    });
    // A discovery pass only uses the ServiceSpec: a probe that found the same (nothing, again) needs none.
    if (stableStringify(before.serviceSpec) !== stableStringify(result.serviceSpec)) this.o.onResult?.(key);
  }
}

const NOT_TRIED_AGAIN: ReflectionProbeResult = { steps: [{ what: 'gRPC reflection', outcome: 'not tried again: the server answers HTTP/1.1' }] };
const NOT_PROBED: Omit<FdsRecord, 'probeHash' | 'summary'> = { state: 'not probed', steps: [], functions: [], written: false, failures: 0 };
const WAITING: Omit<FdsRecord, 'probeHash'> = { state: 'waiting', summary: 'waiting for its first probe', steps: [], functions: [], written: false, failures: 0 };

function keyOf(u: Resource<'Upstream'>): string {
  return `Upstream.${u.metadata.namespace}.${u.metadata.name}`;
}

/** What a probe depends on: the spec without its ServiceSpec, a swagger URL other than the one FDS found itself, the labels, and the mode. */
function probeHashOf(u: Resource<'Upstream'>, mode: FdsMode, foundUrl: string | undefined): string {
  const url = serviceSpecOf(u.spec)?.rest?.swaggerInfo?.url;
  return contentHash({ spec: withServiceSpec(u.spec, undefined), url: url === foundUrl ? undefined : url, labels: u.metadata.labels, mode });
}

function count(n: number): string {
  return `${n} function${n === 1 ? '' : 's'}`;
}

/** `no OpenAPI at any of 6 paths; reflection not enabled`, or `timed out after 2 s` when both parts did. */
function notFoundSummary(openapi: Awaited<ReturnType<typeof probeOpenApi>>, grpcSteps: readonly ProbeStepView[], timeoutMs: number): string {
  const last = grpcSteps.at(-1)?.outcome ?? 'no gRPC answer';
  const grpc = last.startsWith('not tried again') ? 'not a gRPC server' : last;
  const timedOut = `timed out after ${seconds(timeoutMs)}`;
  if (openapi.stopped === 'hang' && grpc === timedOut) return timedOut;
  if (openapi.stopped === 'refused') return 'connection refused';
  if (openapi.stopped === 'not-http') return grpc;
  const rest = openapi.stopped === 'hang' ? `OpenAPI: ${timedOut}` : `no OpenAPI at any of ${openapi.steps.length} paths`;
  return `${rest}; ${grpc.startsWith('not a gRPC server') ? 'not a gRPC server' : grpc}`;
}
