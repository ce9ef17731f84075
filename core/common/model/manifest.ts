// Converts between the two YAML forms users write (Kubernetes manifests, Solo Kit flat objects) and Resource.
import { DEFAULT_NAMESPACE, type Resource } from './resource';
import { type KindInfo, kindOfManifest, KINDS } from './kinds';
import { canonicalProtoJson } from './proto-json';
import type { SchemaNode } from './schema-walk';
import { validateFlatObject, validateManifest, type ValidationIssue } from './validate';

/** The outcome of reading one document: a resource, or the problems that stop it. */
export type ParsedObject = { ok: true; resource: Resource } | { ok: false; issues: ValidationIssue[] };

/** Kubernetes metadata fields that carry no meaning here and are dropped on input. */
const IGNORED_METADATA = ['creationTimestamp', 'uid', 'selfLink', 'managedFields', 'finalizers', 'ownerReferences', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generateName'];

/** What the caller knows from where the document stands (Solo Kit layout `<plural>/<namespace>/<name>.yaml`). */
export interface ManifestHint {
  readonly kind?: KindInfo;
  readonly namespace?: string;
}

/** Reads one YAML/JSON document as a resource: a Kubernetes manifest, a `v1` Secret, or (with a kind hint) a flat Solo Kit object. */
export function resourceFromDocument(doc: unknown, hint: ManifestHint = {}): ParsedObject {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return fail('', 'a document must be a mapping with apiVersion, kind and metadata');
  }
  const obj = doc as Record<string, unknown>;
  if (obj.apiVersion === 'v1' && obj.kind === 'Secret') return fromKubeSecret(obj);
  if (obj.apiVersion !== undefined || obj.kind !== undefined || !hint.kind) return fromManifest(obj);
  return fromFlat(obj, hint.kind, hint.namespace);
}

function fromManifest(obj: Record<string, unknown>): ParsedObject {
  if (typeof obj.kind !== 'string') return fail('/kind', 'kind is missing');
  const k = kindOfManifest(obj.apiVersion, obj.kind);
  if (!k) {
    const same = KINDS.find((x) => x.kind === obj.kind);
    if (same) return fail('/apiVersion', `apiVersion of ${obj.kind} must be ${same.apiVersion}, not ${JSON.stringify(obj.apiVersion)}`);
    return fail('/kind', `unknown kind "${obj.kind}" (apiVersion ${JSON.stringify(obj.apiVersion)}); known kinds: ${KINDS.map((x) => x.kind).join(', ')}`);
  }
  const root = k.jsonSchema as SchemaNode;
  const { spec: rawSpec, ...rest } = obj;
  const spec = rawSpec === null || rawSpec === undefined ? undefined : canonicalProtoJson(rawSpec, root, root.properties?.spec);
  const cleaned = { ...rest, metadata: cleanMetadata(obj.metadata), ...(spec === undefined ? {} : { spec }) };
  const issues = validateManifest(k, cleaned);
  if (issues.length) return { ok: false, issues };
  return build(k, cleaned.metadata as Record<string, unknown>, (spec ?? {}) as Record<string, unknown>);
}

function fromFlat(obj: Record<string, unknown>, k: KindInfo, namespace?: string): ParsedObject {
  const { status: _status, ...rest } = obj;
  const canonical = canonicalProtoJson(rest, k.jsonSchema as SchemaNode, { $ref: `#/definitions/${k.typeName}` }) as Record<string, unknown>;
  const cleaned = { ...canonical, metadata: cleanMetadata(rest.metadata) };
  const issues = validateFlatObject(k, cleaned);
  if (issues.length) return { ok: false, issues };
  const { metadata, namespacedStatuses: _ns, ...spec } = cleaned as Record<string, unknown>;
  const meta = { ...(metadata as Record<string, unknown>) };
  if (!meta.namespace && namespace) meta.namespace = namespace;
  return build(k, meta, spec);
}

function fromKubeSecret(obj: Record<string, unknown>): ParsedObject {
  const meta = cleanMetadata(obj.metadata) as Record<string, unknown> | undefined;
  const data = { ...decodeAll(obj.data), ...((obj.stringData as Record<string, string>) ?? {}) };
  const spec = obj.type === 'kubernetes.io/tls'
    ? { tls: { certChain: data['tls.crt'] ?? '', privateKey: data['tls.key'] ?? '', ...(data['ca.crt'] ? { rootCa: data['ca.crt'] } : {}) } }
    : { generic: { data } };
  const k = KINDS.find((x) => x.kind === 'Secret')!;
  return build(k, meta ?? {}, spec);
}

function build(k: KindInfo, metadata: Record<string, unknown>, spec: Record<string, unknown>): ParsedObject {
  if (typeof metadata?.name !== 'string' || metadata.name === '') return fail('/metadata/name', 'metadata.name is required');
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace ? metadata.namespace : DEFAULT_NAMESPACE;
  const resource = { kind: k.kind, metadata: { ...metadata, name: metadata.name, namespace }, spec } as Resource;
  return { ok: true, resource };
}

/** Metadata as Kubernetes reads it: a null field (`annotations:` with nothing after it) is an absent one. */
function cleanMetadata(meta: unknown): unknown {
  if (!meta || typeof meta !== 'object') return meta;
  const out = { ...(meta as Record<string, unknown>) };
  for (const key of IGNORED_METADATA) delete out[key];
  for (const [key, value] of Object.entries(out)) if (value === null) delete out[key];
  if (typeof out.generation === 'number') out.generation = String(out.generation);
  return out;
}

function decodeAll(data: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!data || typeof data !== 'object') return out;
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    if (typeof v !== 'string') continue;
    try {
      out[k] = new TextDecoder().decode(Uint8Array.from(atob(v), (c) => c.charCodeAt(0)));
    } catch {
      out[k] = v;
    }
  }
  return out;
}

function fail(path: string, message: string): ParsedObject {
  return { ok: false, issues: [{ path, message }] };
}

/** The Kubernetes-style manifest of a resource, as `get -o yaml` prints it and stores write it. */
export function resourceToManifest(r: Resource, opts: { withStatus?: boolean } = {}): Record<string, unknown> {
  const k = KINDS.find((x) => x.kind === r.kind)!;
  const out: Record<string, unknown> = { apiVersion: k.apiVersion, kind: r.kind, metadata: r.metadata, spec: r.spec };
  if (opts.withStatus && r.status) out.status = r.status;
  return out;
}
