// The sandbox's objects as Kubernetes custom resources and back: API paths, metadata, statuses kept per writer under
// `status.statuses` (as Solo Kit's NamespacedStatuses), Proxies compressed as Gloo compresses them, and a resourceVersion
// that only content writes change.
import { randomBytes } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { contentHash } from '../../common/model/hash';
import { kindInfo, type KindName } from '../../common/model/kinds';
import type { Resource, Status } from '../../common/model/resource';
import { deepFreeze } from '../../common/store/store-backend';

/**
 * Annotation holding `TOKEN.HASH`: TOKEN is the sandbox's resourceVersion of the object, HASH the content it was written
 * with. Kubernetes bumps metadata.resourceVersion on status writes too; the store's contract says statuses never change
 * the version, so the version is this token, and `k` + the cluster's resourceVersion once someone else changed the content.
 */
export const VERSION_ANNOTATION = 'xds-sandbox.io/version';
/** Gloo's annotation asking for a compressed Proxy spec (CompressedKey in Gloo's projects/gloo/pkg/api/compress). */
export const COMPRESS_ANNOTATION = 'gloo.solo.io/compress';
/** The key of `status.statuses` the sandbox writes under (Gloo writes under its own namespace, e.g. gloo-system). */
export const STATUS_KEY = 'xds-sandbox';

/** Metadata of a Kubernetes object, as far as the store reads or keeps it. */
export interface KubeMetadata {
  name: string;
  namespace: string;
  resourceVersion?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: unknown[];
}

/** A custom resource of one of the sandbox's kinds. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeMetadata;
  spec?: Record<string, unknown>;
  status?: { statuses?: Record<string, Status> };
}

/** A list answer of the API. */
export interface KubeList {
  readonly metadata: { readonly resourceVersion: string; readonly continue?: string };
  readonly items: KubeObject[];
}

/** The API path of a kind's collection in a namespace (or in every namespace), e.g. `/apis/gloo.solo.io/v1/namespaces/x/upstreams`. */
export function collectionPath(kind: KindName, namespace?: string): string {
  const k = kindInfo(kind);
  return `/apis/${k.group}/${k.version}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${k.plural}`;
}

/** The API path of one object. */
export function objectPath(kind: KindName, namespace: string, name: string): string {
  return `${collectionPath(kind, namespace)}/${encodeURIComponent(name)}`;
}

/** A new random version token. */
export function newVersionToken(): string {
  return randomBytes(6).toString('hex');
}

/** What a content write changes: labels, the user's annotations and the spec. */
function contentSignature(labels: Record<string, string> | undefined, annotations: Record<string, string> | undefined, spec: unknown): string {
  return contentHash({ labels: labels ?? {}, annotations: annotations ?? {}, spec: spec ?? {} }).slice(0, 16);
}

/** The sandbox's resourceVersion of a stored object (see VERSION_ANNOTATION). */
export function sandboxVersion(obj: KubeObject, spec = decodeSpec(obj)): string {
  const { [VERSION_ANNOTATION]: stamp, ...annotations } = obj.metadata.annotations ?? {};
  const [token, hash] = (stamp ?? '').split('.');
  const own = Object.keys(annotations).length ? annotations : undefined;
  if (token && hash && hash === contentSignature(obj.metadata.labels, own, spec)) return token;
  return `k${obj.metadata.resourceVersion ?? ''}`;
}

/** The spec of a stored object, uncompressed when Gloo (or the sandbox) compressed it. */
export function decodeSpec(obj: KubeObject): Record<string, unknown> {
  const compressed = obj.spec?.compressedSpec ?? obj.spec?.compressed_spec;
  if (typeof compressed !== 'string') return obj.spec ?? {};
  return JSON.parse(inflateSync(Buffer.from(compressed, 'base64')).toString('utf8')) as Record<string, unknown>;
}

/** The store's form of a stored object: user annotations only, the sandbox's resourceVersion, this writer's status (or another's). */
export function fromKube<K extends KindName>(kind: K, obj: KubeObject): Resource<K> {
  const spec = decodeSpec(obj);
  const { [VERSION_ANNOTATION]: _stamp, ...annotations } = obj.metadata.annotations ?? {};
  const statuses = obj.status?.statuses ?? {};
  const status = statuses[STATUS_KEY] ?? statuses[Object.keys(statuses).sort()[0]];
  const m = obj.metadata;
  return deepFreeze({
    kind,
    metadata: {
      name: m.name,
      namespace: m.namespace,
      resourceVersion: sandboxVersion(obj, spec),
      ...(m.generation !== undefined ? { generation: String(m.generation) } : {}),
      ...(m.labels && Object.keys(m.labels).length ? { labels: m.labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec,
    ...(status ? { status } : {}),
  }) as unknown as Resource<K>;
}

/**
 * The custom resource to store for an object: stamped with a new version token, over `base` (the stored object, whose
 * resourceVersion guards the write and whose finalizers and owner references are kept). A Proxy annotated with
 * `gloo.solo.io/compress: "true"` gets its spec compressed as Gloo does (compressSpec: zlib, then base64 in JSON).
 */
export function toKube(obj: Resource, token: string, base?: KubeObject): KubeObject {
  const info = kindInfo(obj.kind);
  const { labels, annotations } = obj.metadata;
  const userAnnotations = annotations && Object.keys(annotations).length ? { ...annotations } : undefined;
  delete userAnnotations?.[VERSION_ANNOTATION];
  const spec = obj.spec as Record<string, unknown>;
  const stamp = `${token}.${contentSignature(labels && Object.keys(labels).length ? labels : undefined, userAnnotations, spec)}`;
  const compress = obj.kind === 'Proxy' && userAnnotations?.[COMPRESS_ANNOTATION] === 'true';
  return {
    apiVersion: info.apiVersion,
    kind: info.kind,
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      ...(base?.metadata.resourceVersion ? { resourceVersion: base.metadata.resourceVersion } : {}),
      ...(labels && Object.keys(labels).length ? { labels: { ...labels } } : {}),
      annotations: { ...userAnnotations, [VERSION_ANNOTATION]: stamp },
      ...(base?.metadata.finalizers ? { finalizers: base.metadata.finalizers } : {}),
      ...(base?.metadata.ownerReferences ? { ownerReferences: base.metadata.ownerReferences } : {}),
    },
    spec: compress ? { compressedSpec: deflateSync(JSON.stringify(spec)).toString('base64') } : spec,
  };
}

/** The stored object with this writer's status set (for a PUT to the status subresource). */
export function withStatus(obj: KubeObject, status: Status): KubeObject {
  return { ...obj, status: { ...obj.status, statuses: { ...obj.status?.statuses, [STATUS_KEY]: status } } };
}

/** Compares two resourceVersions of the cluster: numbers when both are (etcd revisions), otherwise unknown (undefined). */
export function compareKubeVersions(a: string | undefined, b: string | undefined): number | undefined {
  if (!a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return undefined;
  const [x, y] = [BigInt(a), BigInt(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}
