// Who owns a discovered Upstream. Discovery writes Upstreams labelled `discovered_by: <source>` (the
// label Gloo's UDS sets, projects/gloo/pkg/discovery/discovery.go: setLabels) and records, in an
// annotation, the hash of what it wrote; an Upstream whose content no longer matches that hash was
// edited by someone else, and discovery leaves it alone from then on.
import { contentHash } from '../model/hash';
import type { Resource } from '../model/resource';

/** The label Gloo's upstream discovery puts on every Upstream it writes. */
export const DISCOVERED_BY_LABEL = 'discovered_by';

/** The annotation holding the hash of the content discovery last wrote. */
export const WRITTEN_HASH_ANNOTATION = 'discovery.xds-sandbox.io/written-hash';

/** Gloo's label that turns function discovery on or off for an Upstream (projects/discovery/pkg/fds/syncer: FdsLabelKey). */
export const FDS_LABEL = 'discovery.solo.io/function_discovery';

/** Who decides an Upstream's content: a discovery source, or the user (no label, label removed, or edited since discovery wrote it). */
export type Ownership = { readonly owner: 'discovery'; readonly source: string } | { readonly owner: 'user'; readonly why: 'unlabelled' | 'edited' };

/** The hash discovery compares: labels, annotations but its own, and spec. */
export function ownedContentHash(u: Pick<Resource<'Upstream'>, 'metadata' | 'spec'>): string {
  const { [WRITTEN_HASH_ANNOTATION]: _written, ...annotations } = u.metadata.annotations ?? {};
  return contentHash({ labels: u.metadata.labels ?? {}, annotations, spec: u.spec });
}

/** Who owns an Upstream; one labelled but never hashed (e.g. written by Gloo itself) counts as discovery's. */
export function ownershipOf(u: Pick<Resource<'Upstream'>, 'metadata' | 'spec'>): Ownership {
  const source = u.metadata.labels?.[DISCOVERED_BY_LABEL];
  if (!source) return { owner: 'user', why: 'unlabelled' };
  const written = u.metadata.annotations?.[WRITTEN_HASH_ANNOTATION];
  if (written !== undefined && written !== ownedContentHash(u)) return { owner: 'user', why: 'edited' };
  return { owner: 'discovery', source };
}

/** The object as discovery writes it: its written-hash annotation set to the hash of the rest. */
export function stampWritten(u: Resource<'Upstream'>): Resource<'Upstream'> {
  const annotations = { ...(u.metadata.annotations ?? {}) };
  delete annotations[WRITTEN_HASH_ANNOTATION];
  const unstamped = { ...u, metadata: { ...u.metadata, annotations } };
  const hash = ownedContentHash(unstamped);
  return { ...unstamped, metadata: { ...unstamped.metadata, annotations: { ...annotations, [WRITTEN_HASH_ANNOTATION]: hash } } };
}

/** The object as the user adopts it: no discovery label, no discovery annotation, no status. */
export function adopted(u: Resource<'Upstream'>): Resource<'Upstream'> {
  const labels = { ...(u.metadata.labels ?? {}) };
  delete labels[DISCOVERED_BY_LABEL];
  const annotations = { ...(u.metadata.annotations ?? {}) };
  delete annotations[WRITTEN_HASH_ANNOTATION];
  const { resourceVersion: _rv, labels: _l, annotations: _a, ...meta } = u.metadata;
  return {
    kind: 'Upstream',
    metadata: { ...meta, ...(Object.keys(labels).length ? { labels } : {}), ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: u.spec,
  };
}
