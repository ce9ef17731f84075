import { describe, expect, it } from 'vitest';
import { re2FallbackValidator } from '../../regex';
import { upstreamPluginIssues } from '../run-upstream-plugins';

describe('Istio automatic mutual TLS', () => {
  it('loads disableIstioAutoMtls without a not-translated Warning, as it changes no cluster the sandbox serves', () => {
    expect(upstreamPluginIssues({ disableIstioAutoMtls: true, static: { hosts: [{ addr: '10.0.0.1', port: 80 }] } }, re2FallbackValidator)).toEqual([]);
  });
});
