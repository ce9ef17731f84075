// The one small interface every Upstream source implements: scan once, return the Upstreams wanted
// now. Adding a source (Docker, Consul) is one file implementing it and one line in sources/registry.ts.
import type { SourceKind } from '../../../common/discovery/discovery-config';
import type { DesiredUpstream } from '../../../common/discovery/reconcile-plan';

/** What one scan found, or why it found nothing. */
export type SourceScan =
  | { readonly ok: true; readonly upstreams: readonly DesiredUpstream[] }
  | { readonly ok: false; readonly unsupported?: boolean; readonly message: string };

/** A source of Upstreams. */
export interface UpstreamSource {
  readonly kind: SourceKind;
  /** The `discovered_by` label value of its Upstreams. */
  readonly label: string;
  /** Scans once; never throws (a failure is `ok: false` with a sentence). */
  scan(): Promise<SourceScan>;
  /** Releases what the source holds. */
  close?(): void;
}
