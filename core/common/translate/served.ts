// The served view of objects judged one by one: the current version when it has no error,
// else the last accepted version when that one has none, else nothing.
import type { KindName } from '../model/kinds';
import type { Resource } from '../model/resource';
import { notServedNote, servingNote, type LastAccepted } from './last-accepted';
import type { Reports } from './reports';
import type { Severity } from './types';
import { refKey } from '../model/resource';

/** A finding about the object being judged. */
export interface Issue {
  readonly severity: Severity;
  readonly message: string;
  /** Field path in the object's spec; '' for none; absent: read from the message's leading field (see fieldPathOf). */
  readonly path?: string;
}

/** An object as served this pass; `since` is set when it is a fallback to the last accepted version. */
export interface ServedObject<K extends KindName = KindName> {
  readonly resource: Resource<K>;
  readonly hash: string;
  readonly since?: string;
}

/** Judgements of earlier passes by object version and context, reused while both are unchanged. */
export class JudgeMemo {
  private entries = new Map<string, { hash: string; context: string; issues: Issue[] }>();
  private next = new Map<string, { hash: string; context: string; issues: Issue[] }>();

  /** The memoized issues of an object version in a context, or those judge() finds (then memoized). */
  get(ref: string, hash: string, context: string, judge: () => Issue[]): Issue[] {
    const hit = this.entries.get(ref);
    const entry = hit && hit.hash === hash && hit.context === context ? hit : { hash, context, issues: judge() };
    this.next.set(ref, entry);
    return entry.issues;
  }

  private keepAll = false;

  /** Keeps every entry through the end of this pass, used or not (for a pass that reuses judgements made earlier). */
  keepEarlier(): void {
    this.keepAll = true;
  }

  /** Keeps only what this pass used, or everything when keepEarlier() was called. */
  endPass(): void {
    if (this.keepAll) for (const [ref, entry] of this.next) this.entries.set(ref, entry);
    else this.entries = this.next;
    this.next = new Map();
    this.keepAll = false;
  }

  /** Drops what an aborted pass asked to keep. */
  beginPass(): void {
    this.next = new Map();
    this.keepAll = false;
  }
}

/** What a pass needs to decide what to serve: the memory of accepted versions, the findings, the time and the acceptances to stage. */
export interface ServeContext {
  readonly lastAccepted: LastAccepted;
  readonly reports: Reports;
  readonly nowIso: string;
  readonly hashes: ReadonlyMap<string, string>;
  readonly memo?: JudgeMemo;
}

/** How to judge objects of one kind: the check, and (for memoizing) a string naming everything besides the object it reads. */
export interface Judge<K extends KindName> {
  readonly judge: (r: Resource<K>) => Issue[];
  readonly context?: (r: Resource<K>) => string;
}

/** Judges each object on its own and returns the served versions by refKey, staging accepted ones and reporting findings. */
export function serveEach<K extends KindName>(list: readonly Resource<K>[], how: Judge<K> | ((r: Resource<K>) => Issue[]), ctx: ServeContext, onEach?: () => void): Map<string, ServedObject<K>> {
  const { judge, context } = typeof how === 'function' ? { judge: how, context: undefined } : how;
  const served = new Map<string, ServedObject<K>>();
  for (const r of list) {
    onEach?.();
    const ref = refKey(r);
    const hash = ctx.hashes.get(ref) ?? '';
    const issues = context && ctx.memo ? ctx.memo.get(ref, hash, context(r), () => judge(r)) : judge(r);
    for (const i of issues) ctx.reports.add({ ref, severity: i.severity, message: i.message, ...(i.path !== undefined ? { path: i.path } : {}) });
    if (!issues.some((i) => i.severity === 'error')) {
      served.set(ref, { resource: r, hash });
      ctx.lastAccepted.accept(ref, r, hash, ctx.nowIso);
      continue;
    }
    const fallback = ctx.lastAccepted.get<K>(ref);
    const fallbackError = fallback && fallback.hash !== hash ? judge(fallback.resource).find((i) => i.severity === 'error') : undefined;
    if (fallback && fallback.hash !== hash && !fallbackError) {
      served.set(ref, { resource: fallback.resource, hash: fallback.hash, since: fallback.since });
      ctx.reports.note(ref, servingNote(fallback.since));
    } else {
      ctx.reports.note(ref, notServedNote(fallback, fallbackError?.message, hash));
    }
  }
  return served;
}
