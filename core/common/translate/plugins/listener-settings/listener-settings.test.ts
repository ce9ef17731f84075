import { describe, expect, it } from 'vitest';
import { re2FallbackValidator } from '../../regex';
import { gateway, translateGatewayAlone } from '../../testing/listeners';
import { listenerOptionIssues } from '../run-listener-plugins';
import { socketOption } from './listener-settings';

describe('listener settings plugin', () => {
  it('sets the per-connection buffer limit, socket options and exact balancing on the listener', () => {
    const { listener, status } = translateGatewayAlone(
      gateway({
        options: {
          perConnectionBufferLimitBytes: 32768,
          socketOptions: [{ description: 'SO_KEEPALIVE', level: '1', name: '9', intValue: '1', state: 'STATE_LISTENING' }],
          connectionBalanceConfig: { exactBalance: {} },
        },
      }),
    );
    expect(status.state).toBe('Accepted');
    expect(listener?.perConnectionBufferLimitBytes).toBe(32768);
    expect(listener?.socketOptions).toEqual([{ description: 'SO_KEEPALIVE', level: '1', name: '9', intValue: '1', state: 'STATE_LISTENING' }]);
    expect(listener?.connectionBalanceConfig).toEqual({ exactBalance: {} });
  });

  it('sets a socket option before bind when its state is not given, and writes int64s that YAML gave as numbers as strings', () => {
    const fromYaml = { level: 6, name: 4, bufValue: 'AQ==' } as unknown as Parameters<typeof socketOption>[0];
    expect(socketOption(fromYaml)).toEqual({ level: '6', name: '4', state: 'STATE_PREBIND', bufValue: 'AQ==' });
  });

  it('leaves a zero buffer limit unset, as Gloo does', () => {
    expect(translateGatewayAlone(gateway({ options: { perConnectionBufferLimitBytes: 0 } })).listener?.perConnectionBufferLimitBytes).toBeUndefined();
  });

  it('rejects a socket option without a value, a non-integer level and a balancer without a type', () => {
    const issues = listenerOptionIssues({ socketOptions: [{ level: 'SOL_SOCKET', name: '9' }], connectionBalanceConfig: {} }, re2FallbackValidator);
    expect(issues.map((i) => i.message)).toEqual([
      'options.socketOptions[0] needs intValue or bufValue: Envoy requires the value to set',
      'options.socketOptions[0].level "SOL_SOCKET" is not an integer',
      'options.connectionBalanceConfig does not specify a balancer type: set exactBalance: {}',
    ]);
  });

  it('still warns about listener options it does not translate', () => {
    expect(listenerOptionIssues({ tcpStats: true }, re2FallbackValidator).map((i) => i.severity)).toEqual(['warning']);
  });
});
