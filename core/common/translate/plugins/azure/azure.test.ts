import { describe, expect, it } from 'vitest';
import { re2FallbackValidator } from '../../regex';
import { upstreamPluginIssues } from '../run-upstream-plugins';
import { azureHostname } from './azure';

describe('Azure Functions upstreams', () => {
  it("names the function app's host as Gloo does", () => {
    expect(azureHostname({ functionAppName: 'shop' })).toBe('shop.azurewebsites.net');
  });

  it('requires the function app name, and loads without a not-translated Warning', () => {
    expect(upstreamPluginIssues({ azure: {} }, re2FallbackValidator).map((i) => i.message)).toEqual(['azure.functionAppName is required']);
    expect(upstreamPluginIssues({ azure: { functionAppName: 'shop' } }, re2FallbackValidator)).toEqual([]);
  });
});
