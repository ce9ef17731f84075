import { describe, expect, it } from 'vitest';
import { parseYamlFile } from './yaml-documents';

const VS = `apiVersion: gateway.solo.io/v1
kind: VirtualService
metadata:
  name: shop
  namespace: default
spec:
  virtualHost:
    domains: [shop.example.com]
    routes:
    - matchers: [{prefix: /}]
      directResponseAction: {status: 200}
`;

function load(text: string) {
  return parseYamlFile(text, 'x.yaml');
}

describe('reading Gloo YAML as Kubernetes and protobuf read it', () => {
  it('a null annotations or labels map is an empty one', () => {
    const r = load(VS.replace('  namespace: default\n', '  namespace: default\n  annotations: null\n  labels:\n'));
    expect(r.problems).toEqual([]);
    expect(r.resources[0].resource.metadata).toEqual({ name: 'shop', namespace: 'default' });
  });

  it('status is ignored on input', () => {
    const r = load(VS + 'status:\n  statuses:\n    gloo-system: {state: Accepted, reportedBy: gateway}\n');
    expect(r.problems).toEqual([]);
    expect(r.resources[0].resource.status).toBeUndefined();
  });

  it('a trailing --- and a comment-only document are skipped', () => {
    const r = load(`${VS}---\n# nothing here yet\n---\n${VS.replace('name: shop', 'name: shop2')}---\n`);
    expect(r.problems).toEqual([]);
    expect(r.resources.map((x) => x.resource.metadata.name)).toEqual(['shop', 'shop2']);
  });

  it('a null field is an unset field, and a field may be written under its proto name', () => {
    const r = load(VS.replace('      directResponseAction: {status: 200}\n', '      options: null\n      direct_response_action: {status: 200}\n'));
    expect(r.problems).toEqual([]);
    const spec = r.resources[0].resource.spec as { virtualHost: { routes: object[] } };
    expect(spec.virtualHost.routes[0]).toEqual({ matchers: [{ prefix: '/' }], directResponseAction: { status: 200 } });
  });

  it('a null inside a Struct is kept: it is a value there', () => {
    const text = `apiVersion: gloo.solo.io/v1
kind: Settings
metadata: {name: default, namespace: gloo-system}
spec:
  extensions:
    configs:
      mine: {a: null}
`;
    const r = load(text);
    expect(r.problems).toEqual([]);
    expect(r.resources[0].resource.spec).toEqual({ extensions: { configs: { mine: { a: null } } } });
  });

  it('a misspelt field is an error that names the field probably meant, at its line', () => {
    const r = load(VS.replace('  virtualHost:', '  virtualHoost:'));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ file: 'x.yaml', line: 7, column: 3, path: '/spec/virtualHoost', message: 'spec.virtualHoost: unknown field `virtualHoost`; did you mean `virtualHost`?' });
  });

  it('a field written one level too high names where it belongs', () => {
    const r = load(VS.replace('  virtualHost:\n    domains: [shop.example.com]\n', '  domains: [shop.example.com]\n  virtualHost:\n'));
    expect(r.problems.map((p) => p.message)).toEqual(['spec.domains: unknown field `domains`; it belongs inside `virtualHost` (`virtualHost.domains`)']);
  });

  it('a route written for Gloo before 1.0 (`matcher:`) fails and says what v1 calls it', () => {
    const r = load(VS.replace('    - matchers: [{prefix: /}]', '    - matcher: {prefix: /}'));
    expect(r.resources).toEqual([]);
    expect(r.problems[0].message).toBe("spec.virtualHost.routes.0.matcher: unknown field `matcher`; did you mean `matchers`? (Gloo's v1 API takes `matchers`, a list of matchers)");
  });

  it('plugins of the pre-1.0 API fail with a pointer to options', () => {
    const r = load(VS.replace('      directResponseAction: {status: 200}\n', '      directResponseAction: {status: 200}\n      routePlugins: {prefixRewrite: {prefixRewrite: /}}\n'));
    expect(r.problems[0].message).toBe("spec.virtualHost.routes.0.routePlugins: unknown field `routePlugins`: route options are under `options` in Gloo's v1 API");
  });

  it('an unknown kind or an old apiVersion fails with the known names', () => {
    expect(load(VS.replace('gateway.solo.io/v1', 'gateway.solo.io.v2/v2')).problems[0].message).toBe('apiVersion of VirtualService must be gateway.solo.io/v1, not "gateway.solo.io.v2/v2"');
    expect(load(VS.replace('kind: VirtualService', 'kind: VirtualServise')).problems[0].message).toMatch(/^unknown kind "VirtualServise"/);
  });
});
