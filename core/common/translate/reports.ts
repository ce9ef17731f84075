// Collects findings per object and per proxy, then turns them into Solo Kit statuses:
// Rejected when there is an error, Warning when there are only warnings, else Accepted;
// sub-resource statuses keyed by the proxy (`Proxy.ns.name`) each object was judged for.
import type { Resource, Status } from '../model/resource';
import type { Finding, Severity, StatusProblem } from './types';

/** Who reports on a kind: Gateway, VirtualService and RouteTable belong to the gateway stage, the rest to gloo. */
export function reporterOf(kind: string): 'gateway' | 'gloo' {
  return kind === 'Gateway' || kind === 'VirtualService' || kind === 'RouteTable' ? 'gateway' : 'gloo';
}

interface Entry {
  /** Messages by proxy refKey ('' for findings that hold for every proxy). */
  errors?: Map<string, string[]>;
  warnings?: Map<string, string[]>;
  /** The proxies it was judged for, each once (few per object, so a list). */
  proxies?: string[];
  notes?: string[];
  /** Field path in the spec by message ('' when none). */
  paths?: Map<string, string>;
}

/**
 * The field path a message starts with (`routeAction.single: …` → `routeAction.single`, `virtualHost.domains[0] "x" …`):
 * a leading dotted or indexed field name, or a plain one followed by a colon; '' when the message starts otherwise.
 */
export function fieldPathOf(message: string): string {
  const m = /^([a-z][A-Za-z0-9]*(?:\[\d+\])?(?:\.[a-z][A-Za-z0-9]*(?:\[\d+\])?)*)(:|\s|$)/.exec(message);
  if (!m) return '';
  return m[2] === ':' || /[.[]/.test(m[1]) ? m[1] : '';
}

/** Statuses built in earlier passes, reused while an object's findings and source are unchanged. */
export class StatusCache {
  private readonly entries = new Map<string, { entry: Entry | undefined; kind: string; source: unknown; status: Status; pass: number }>();
  private pass = 0;
  private used = 0;

  /** The cached status of a ref whose findings are `entry`, or the one build() makes (then cached). */
  get(ref: string, kind: string, entry: Entry | undefined, source: unknown, build: () => Status): Status {
    const hit = this.entries.get(ref);
    if (hit?.pass !== this.pass) this.used++;
    if (hit && hit.kind === kind && hit.source === source && sameEntry(hit.entry, entry)) {
      hit.pass = this.pass;
      hit.entry = entry;
      return hit.status;
    }
    const status = build();
    this.entries.set(ref, { entry, kind, source, status, pass: this.pass });
    return status;
  }

  /** Forgets what this pass did not use, once that is more than what it used. */
  endPass(): void {
    const stale = this.entries.size - this.used;
    if (stale * 2 > this.entries.size) for (const [ref, e] of this.entries) if (e.pass !== this.pass) this.entries.delete(ref);
    this.pass++;
    this.used = 0;
  }

  /** Starts counting what a pass uses afresh (an aborted pass never ended). */
  beginPass(): void {
    this.pass++;
    this.used = 0;
  }
}

/** A call of Reports.add or Reports.note, kept to be replayed into a later pass's reports. */
export type ReportCall = { readonly finding: Finding } | { readonly ref: string; readonly note: string } | { readonly ref: string; readonly judgedFor: string };

/** Findings of one pass, by refKey. */
export class Reports {
  private readonly entries = new Map<string, Entry>();
  private calls: ReportCall[] | undefined;

  /** Runs fn and returns its result with the add() and note() calls it made, for replay(). */
  recording<T>(fn: () => T): { result: T; calls: ReportCall[] } {
    const outer = this.calls;
    const calls: ReportCall[] = [];
    this.calls = calls;
    try {
      return { result: fn(), calls };
    } finally {
      this.calls = outer;
      outer?.push(...calls);
    }
  }

  /** Makes the calls recording() returned again, in order. */
  replay(calls: readonly ReportCall[]): void {
    for (const c of calls) {
      if ('finding' in c) this.add(c.finding);
      else if ('note' in c) this.note(c.ref, c.note);
      else this.judgedFor(c.ref, c.judgedFor);
    }
  }

  private entry(ref: string): Entry {
    let e = this.entries.get(ref);
    if (!e) {
      e = {};
      this.entries.set(ref, e);
    }
    return e;
  }

  /** Records a finding (duplicates are kept once). */
  add(f: Finding): void {
    this.calls?.push({ finding: f });
    const e = this.entry(f.ref);
    const byProxy = f.severity === 'error' ? (e.errors ??= new Map()) : (e.warnings ??= new Map());
    const key = f.proxy ?? '';
    const list = byProxy.get(key);
    if (!list) byProxy.set(key, [f.message]);
    else if (!list.includes(f.message)) list.push(f.message);
    const path = f.path ?? fieldPathOf(f.message);
    if (path) (e.paths ??= new Map()).set(f.message, path);
    if (f.proxy) addOnce((e.proxies ??= []), f.proxy);
  }

  /** Records many findings. */
  addAll(findings: Iterable<Finding>): void {
    for (const f of findings) this.add(f);
  }

  /** Records that an object was judged for a proxy, so it gets a sub-resource status even without findings. */
  judgedFor(ref: string, proxy: string): void {
    this.calls?.push({ ref, judgedFor: proxy });
    addOnce((this.entry(ref).proxies ??= []), proxy);
  }

  /** Adds a sentence to an object's reason without changing its state (e.g. which version is served). */
  note(ref: string, text: string): void {
    this.calls?.push({ ref, note: text });
    const notes = (this.entry(ref).notes ??= []);
    if (!notes.includes(text)) notes.push(text);
  }

  /** Whether any error was recorded for an object. */
  hasErrors(ref: string): boolean {
    const errors = this.entries.get(ref)?.errors;
    return !!errors && [...errors.values()].some((l) => l.length > 0);
  }

  /** The messages of one severity for an object, across proxies, in the order found. */
  messages(ref: string, severity: Severity): string[] {
    return collect(severity === 'error' ? this.entries.get(ref)?.errors : this.entries.get(ref)?.warnings, undefined);
  }

  /** The problems behind an object's status, errors first, each with its field path in the manifest (`spec.…`) when known. */
  problems(ref: string): StatusProblem[] {
    const e = this.entries.get(ref);
    if (!e) return [];
    const out: StatusProblem[] = [];
    for (const severity of ['error', 'warning'] as const) {
      for (const message of collect(severity === 'error' ? e.errors : e.warnings, undefined)) {
        const path = e.paths?.get(message);
        out.push({ severity, message, ...(path ? { path: `spec.${path}` } : {}) });
      }
    }
    return out;
  }

  /** The refKeys that have any finding. */
  refsWithFindings(): string[] {
    return [...this.entries].filter(([, e]) => e.errors || e.warnings).map(([ref]) => ref);
  }

  /** The status of an object: state, reason, reporter, sub-resource statuses per proxy, and the object's source location. */
  statusOf(r: Resource, ref: string, cache?: StatusCache): Status {
    const e = this.entries.get(ref);
    if (!cache) return buildStatus(r, e);
    return cache.get(ref, r.kind, e, r.source, () => buildStatus(r, e));
  }
}

/** Whether two entries give the same status: the same proxies, the same messages per proxy in the same order, the same notes. */
function sameEntry(a: Entry | undefined, b: Entry | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return sameSet(a.proxies, b.proxies) && sameMessages(a.errors, b.errors) && sameMessages(a.warnings, b.warnings) && sameList(a.notes, b.notes);
}

/** Whether two lists hold the same strings, each once, in any order. */
function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if ((a?.length ?? 0) !== (b?.length ?? 0)) return false;
  if (a) for (const x of a) if (!b!.includes(x)) return false;
  return true;
}

function addOnce(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}

function sameMessages(a: ReadonlyMap<string, string[]> | undefined, b: ReadonlyMap<string, string[]> | undefined): boolean {
  if ((a?.size ?? 0) !== (b?.size ?? 0)) return false;
  if (!a || !b) return true;
  const bs = b.entries();
  for (const [proxy, list] of a) {
    const [otherProxy, otherList] = bs.next().value!;
    if (proxy !== otherProxy || !sameList(list, otherList)) return false;
  }
  return true;
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if ((a?.length ?? 0) !== (b?.length ?? 0)) return false;
  if (a) for (let i = 0; i < a.length; i++) if (a[i] !== b![i]) return false;
  return true;
}

function buildStatus(r: Resource, e: Entry | undefined): Status {
  const reportedBy = reporterOf(r.kind);
  const top = summarize(e, undefined, reportedBy);
  let status: Status = e?.notes?.length ? { ...top, reason: join(top.reason, e.notes.join('; ')) } : top;
  if (e?.proxies?.length) {
    const subs: Record<string, Status> = {};
    for (const proxy of [...e.proxies].sort()) subs[proxy] = summarize(e, proxy, reportedBy);
    status = { ...status, subresourceStatuses: subs };
  }
  return r.source ? { ...status, source: { ...r.source } } : status;
}

function collect(m: Map<string, string[]> | undefined, proxy: string | undefined): string[] {
  if (!m) return [];
  const keys = proxy === undefined ? [...m.keys()] : ['', proxy];
  const out: string[] = [];
  for (const k of keys) for (const msg of m.get(k) ?? []) if (!out.includes(msg)) out.push(msg);
  return out;
}

function summarize(e: Entry | undefined, proxy: string | undefined, reportedBy: string): Status {
  // Most objects have nothing reported: Accepted, with no reason.
  if (!e?.errors && !e?.warnings) return { state: 'Accepted', reportedBy };
  const errors = collect(e.errors, proxy);
  const warnings = collect(e.warnings, proxy);
  const state = errors.length ? 'Rejected' : warnings.length ? 'Warning' : 'Accepted';
  const reason = [...errors, ...warnings].join('; ');
  return reason ? { state, reason, reportedBy } : { state, reportedBy };
}

function join(a: string | undefined, b: string): string {
  return a ? `${a}; ${b}` : b;
}
