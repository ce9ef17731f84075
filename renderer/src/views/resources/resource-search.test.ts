import { describe, expect, it } from 'vitest';
import type { TranslatedProxy } from '../../../../core/common/xds/translate-output';
import { SOURCE_METADATA_KEY } from '../../../../core/common/xds/resource-sources';
import { xdsSearchText } from './resource-search';

const proxy = {
  node: 'gloo-system~gateway-proxy', version: '1', listeners: [], clusters: [], endpoints: [], secrets: [],
  routeConfigurations: [{
    name: 'listener-::-8080-routes',
    virtualHosts: [{
      name: 'vh-0', domains: ['App-077.example.com'],
      metadata: { filterMetadata: { [SOURCE_METADATA_KEY]: { kind: 'VirtualService', namespace: 'default', name: 'hello' } } },
      routes: [{ name: 'r0', match: { prefix: '/greet' }, route: { cluster: 'hello-backend_default' } }],
    }],
  }],
} as unknown as TranslatedProxy;

describe('xdsSearchText', () => {
  it('gives a VirtualService its domains, paths and Upstreams, and the Upstream the domains and paths that reach it', () => {
    const text = xdsSearchText([proxy]);
    expect(text.get('VirtualService/default/hello')).toContain('app-077.example.com');
    expect(text.get('VirtualService/default/hello')).toContain('prefix /greet');
    expect(text.get('VirtualService/default/hello')).toContain('default/hello-backend');
    expect(text.get('Upstream/default/hello-backend')).toContain('app-077.example.com');
  });
});
