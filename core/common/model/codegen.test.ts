import { readFileSync } from 'node:fs';
import { fromJson, toJson, type JsonObject } from '@bufbuild/protobuf';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { MESSAGE_SCHEMA_BY_KIND } from '../gen/message-schemas';
import { KINDS, findKind, kindInfo } from './kinds';
import { validateManifest } from './validate';
import { parseYamlFile } from './yaml-documents';

const petstore = readFileSync(new URL('../../../fixtures/gloo/petstore.yaml', import.meta.url), 'utf8');

describe('generated code', () => {
  it('a Gloo VirtualService in YAML round-trips through the typed message to equal JSON', () => {
    const doc = parseAllDocuments(petstore)[0].toJS() as { metadata: JsonObject; spec: JsonObject };
    const schema = MESSAGE_SCHEMA_BY_KIND.VirtualService;
    const message = fromJson(schema, { metadata: doc.metadata, ...doc.spec });
    const json = toJson(schema, message) as Record<string, unknown>;
    const { metadata, ...spec } = json;
    expect(metadata).toEqual(doc.metadata);
    expect(spec).toEqual(doc.spec);
  });

  it('the schema rejects an unknown field and names its path', () => {
    const doc = parse(`apiVersion: gateway.solo.io/v1
kind: VirtualService
metadata: {name: a}
spec:
  virtualHost:
    routes:
    - matchers: [{prefix: /}]
      directResponseAction: {status: 200, bodyy: hi}
`);
    const issues = validateManifest(kindInfo('VirtualService'), doc);
    expect(issues).toEqual([{ path: '/spec/virtualHost/routes/0/directResponseAction/bodyy', message: 'spec.virtualHost.routes.0.directResponseAction.bodyy: unknown field `bodyy`; did you mean `body`?' }]);
  });

  it('the schema rejects two actions on one route', () => {
    const doc = parse(`apiVersion: gateway.solo.io/v1
kind: VirtualService
metadata: {name: a}
spec:
  virtualHost:
    routes:
    - directResponseAction: {status: 200}
      redirectAction: {hostRedirect: x}
`);
    const issues = validateManifest(kindInfo('VirtualService'), doc);
    expect(issues[0].message).toMatch(/only one of .*directResponseAction.* may be set/);
  });

  it('the kind registry lists every kind with its names', () => {
    expect(KINDS.map((k) => k.kind)).toEqual([
      'Artifact', 'AuthConfig', 'Endpoint', 'Gateway', 'GraphQLApi', 'HttpListenerOption', 'ListenerOption', 'MatchableHttpGateway', 'MatchableTcpGateway',
      'Proxy', 'RateLimitConfig', 'RouteOption', 'RouteTable', 'RouteTest', 'Secret', 'Settings', 'Upstream', 'UpstreamGroup', 'VirtualHostOption', 'VirtualService',
    ]);
    expect(findKind('ac')?.apiVersion).toBe('enterprise.gloo.solo.io/v1');
    expect(findKind('gql')?.apiVersion).toBe('graphql.gloo.solo.io/v1beta1');
    expect(findKind('rlc')?.apiVersion).toBe('ratelimit.solo.io/v1alpha1');
    expect(findKind('httpgateways')?.kind).toBe('MatchableHttpGateway');
    expect(findKind('vs')?.kind).toBe('VirtualService');
    expect(findKind('VIRTUALSERVICES')?.kind).toBe('VirtualService');
    expect(findKind('rt')?.apiVersion).toBe('gateway.solo.io/v1');
    expect(findKind('px')?.generated).toBe(true);
    expect(findKind('us')?.plural).toBe('upstreams');
  });

  it('a YAML error is reported with its file, line and column', () => {
    const parsed = parseYamlFile('apiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata:\n  name: a: b\n', 'bad.yaml');
    expect(parsed.problems[0]).toMatchObject({ file: 'bad.yaml', line: 4 });
  });

  it('a wrong type is reported at the line of the field', () => {
    const parsed = parseYamlFile('apiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata:\n  name: u\nspec:\n  static:\n    hosts:\n    - addr: 1.2.3.4\n      port: eighty\n', 'us.yaml');
    expect(parsed.problems).toEqual([expect.objectContaining({ file: 'us.yaml', line: 9, column: 7, path: '/spec/static/hosts/0/port' })]);
  });
});
