// Which versions a route tester answer comes from: the served xDS holds the last accepted version of an
// object that is Rejected now, and the last read version of one whose file fails to load. The tester says so.
import type { ResourceView } from '../../../../core/common/api/contract';
import type { RouteDecision } from '../../../../core/common/route/decision';
import { fileErrorOf, fileErrorText, type FileError } from '../../state/file-errors';

/** One object the answer came from whose current version is not the one served. */
export interface OlderVersion {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** `the last accepted version (the current one is Rejected: …)` or `the version last read (file error at line 13; …)`. */
  readonly why: string;
}

/** The objects a decision names (virtual host, the route's owner, the Upstreams it forwards to) that are served from an older version. */
export function olderVersions(d: RouteDecision, resources: readonly ResourceView[], fileErrors: ReadonlyMap<string, FileError>): OlderVersion[] {
  const upstreams = d.matched ? (d.action.destinations ?? []).flatMap((x) => (x.upstream ? [{ kind: 'Upstream', ...x.upstream }] : [])) : [];
  const refs = [d.virtualHost?.source, d.matched ? d.route.source : undefined, ...upstreams].filter((r) => r !== undefined);
  const out: OlderVersion[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const key = `${ref.kind}/${ref.namespace}/${ref.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const r = resources.find((x) => x.kind === ref.kind && x.namespace === ref.namespace && x.name === ref.name);
    if (!r) continue;
    const fileError = fileErrorOf(r, fileErrors);
    if (fileError) out.push({ ...ref, why: `the version last read: its file fails to load (${fileErrorText(fileError)})` });
    else if (r.state !== 'Accepted' && /serving (?:the |its )?last accepted version/.test(r.reason)) out.push({ ...ref, why: `its last accepted version: the current one is ${r.state}: ${r.reason}` });
  }
  return out;
}
