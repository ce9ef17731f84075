// The CRDs `xds-sandbox crds` prints: one per kind, Gloo's names, the status subresource, structural schemas small
// enough for `kubectl apply` (whose last-applied annotation holds at most 256 KiB).
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { KINDS } from '../../common/model/kinds';
import { allCrds, crdOf, crdsYaml, type StructuralSchema } from './kube-crds';

/** JSON pointers of nodes that break Kubernetes' structural-schema rules (no type and neither extension). */
function unstructural(s: StructuralSchema, path = ''): string[] {
  const own = !s.type && !s['x-kubernetes-preserve-unknown-fields'] && !s['x-kubernetes-int-or-string'] ? [path || '/'] : [];
  const props = Object.entries(s.properties ?? {}).flatMap(([k, v]) => unstructural(v, `${path}/properties/${k}`));
  const items = s.items ? unstructural(s.items, `${path}/items`) : [];
  const extra = s.additionalProperties ? unstructural(s.additionalProperties, `${path}/additionalProperties`) : [];
  return [...own, ...props, ...items, ...extra];
}

describe('xds-sandbox crds', () => {
  it('has one CRD per kind, named plural.group as Gloo names them, with the status subresource', () => {
    const crds = allCrds();
    expect(crds.map((c) => c.spec.names.kind)).toEqual(KINDS.map((k) => k.kind));
    const vs = crdOf(KINDS.find((k) => k.kind === 'VirtualService')!);
    expect(vs.metadata.name).toBe('virtualservices.gateway.solo.io');
    expect(vs.spec.names).toMatchObject({ plural: 'virtualservices', singular: 'virtualservice', shortNames: ['vs'] });
    expect(crdOf(KINDS.find((k) => k.kind === 'Proxy')!).spec.names.singular).toBe('proxy');
    expect(crdOf(KINDS.find((k) => k.kind === 'Settings')!).spec.names.singular).toBe('settings');
    for (const c of crds) expect(c.spec.versions[0].subresources).toEqual({ status: {} });
  });

  it('every schema is structural, keeps proto field names as aliases, and each CRD fits kubectl apply\'s annotation', () => {
    for (const c of allCrds()) {
      expect(unstructural(c.spec.versions[0].schema.openAPIV3Schema), c.metadata.name).toEqual([]);
      expect(JSON.stringify(c).length, c.metadata.name).toBeLessThan(256 * 1024);
      expect(JSON.stringify(c), c.metadata.name).not.toContain('$ref');
    }
    const upstream = crdOf(KINDS.find((k) => k.kind === 'Upstream')!).spec.versions[0].schema.openAPIV3Schema.properties!.spec;
    expect(upstream.properties?.sslConfig).toBeDefined();
    expect(upstream.properties?.ssl_config).toEqual(upstream.properties?.sslConfig);
    const port = upstream.properties?.static?.properties?.hosts?.items?.properties?.port;
    expect(port).toMatchObject({ type: 'integer', maximum: 4294967295 });
  });

  it('prints a YAML stream of every CRD', () => {
    const docs = parseAllDocuments(crdsYaml()).map((d) => d.toJS() as { kind: string });
    expect(docs).toHaveLength(KINDS.length);
    expect(docs.every((d) => d.kind === 'CustomResourceDefinition')).toBe(true);
  });
});
