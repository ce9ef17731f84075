import { describe, expect, it } from 'vitest';
import { createPipeline } from './pipeline';
import { closestRef, missingState, notFoundText } from './ref-suggestion';
import { fieldPathOf } from './reports';
import { describeKey } from './names';
import type { Resource } from '../model/resource';
import { forward, snapshot, upstream, virtualService } from './testing/objects';

const existing = new Set(['Upstream.default.hello-backend', 'Upstream.default.payments', 'Upstream.shop.hello-backnd-v2', 'VirtualService.default.hello-backnd']);

describe('reference suggestions', () => {
  it('name the existing object of the same kind closest to a misspelt name', () => {
    expect(closestRef('Upstream.default.hello-backnd', existing)).toBe('default/hello-backend');
    expect(notFoundText('Upstream.default.hello-backnd', existing)).toBe('Upstream default/hello-backnd not found (did you mean default/hello-backend?)');
  });

  it('suggest nothing when no name is close', () => {
    expect(notFoundText('Upstream.default.zzz', existing)).toBe('Upstream default/zzz not found');
    expect(missingState('Upstream.default.zzz', existing)).toBe('missing');
  });

  it('look in other namespaces too, preferring the reference\'s own', () => {
    expect(closestRef('Upstream.other.payments', existing)).toBe('default/payments');
  });

  it('change the dependency state when a close name appears, so cached messages are renewed', () => {
    expect(missingState('Upstream.default.hello-backnd', existing)).toBe('missing:default/hello-backend');
  });
});

describe('how messages name objects and fields', () => {
  it('writes objects as namespace/name, names keeping their dots', () => {
    expect(describeKey('Upstream.default.hello-backend')).toBe('Upstream default/hello-backend');
    expect(describeKey('Upstream.default.api.example.com')).toBe('Upstream default/api.example.com');
  });

  it('reads the field path a message starts with', () => {
    expect(fieldPathOf('routeAction.single: Upstream default/x not found')).toBe('routeAction.single');
    expect(fieldPathOf('virtualHost.domains[0] "a*b" has a wildcard')).toBe('virtualHost.domains[0]');
    expect(fieldPathOf('sslConfig: needs secretRef')).toBe('sslConfig');
    expect(fieldPathOf('left out: matcher 1 does not start with the prefix')).toBe('');
    expect(fieldPathOf('virtualHost is not set')).toBe('');
  });
});

describe('status problems', () => {
  it('carry the field path of each problem in the manifest, and a suggestion for a misspelt reference', () => {
    const objects: Resource[] = [
      upstream('hello-backend'),
      virtualService('hello', ['hello.local'], [forward('/ok', 'hello-backend'), forward('/greet', 'hello-backnd'), { matchers: [{ regex: '(' }], routeAction: { single: { upstream: { name: 'hello-backend' } } } }]),
    ];
    const result = createPipeline().run(snapshot(objects));
    expect(result.problems?.get('VirtualService.default.hello')).toEqual([
      { severity: 'error', message: expect.stringMatching(/^route 3 \(`\(`\): matcher 1 \(regex "\("\): invalid regex/), path: 'spec.virtualHost.routes[2].matchers[0]' },
      {
        severity: 'warning',
        message: 'route 2 (`/greet`): routeAction.single: Upstream default/hello-backnd not found (did you mean default/hello-backend?), so requests to this route get 503',
        path: 'spec.virtualHost.routes[1].routeAction.single.upstream',
      },
    ]);
  });
});
