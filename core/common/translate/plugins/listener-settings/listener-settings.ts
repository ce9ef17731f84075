// Fields set directly on the Envoy listener, after Gloo's listener plugin (projects/gloo/pkg/plugins/
// listener/plugin.go: ProcessListener, translateSocketOption): the per-connection buffer limit, the
// socket options (state defaulting to STATE_PREBIND) and exact connection balancing.
import type { SocketOptionJson as GlooSocketOption } from '../../../gen/solo-kit/api/external/envoy/api/v2/core/socket_option_pb';
import type { SocketOptionJson } from '../../../gen/envoy/envoy/config/core/v3/socket_option_pb';
import type { ListenerOptionsJson } from '../../../gen/gloo/api/v1/listener_options_pb';
import type { Issue } from '../../served';
import type { CheckContext, Plugin } from '../plugin';

const INT64 = /^-?\d+$/;

/** Envoy's SocketOption of Gloo's: the same fields, int64s as proto3 JSON strings, the state STATE_PREBIND when unset. */
export function socketOption(o: GlooSocketOption): SocketOptionJson {
  const out: SocketOptionJson = { level: String(o.level ?? 0), name: String(o.name ?? 0), state: o.state ?? 'STATE_PREBIND' };
  if (o.description) out.description = o.description;
  if (o.intValue !== undefined) out.intValue = String(o.intValue);
  else if (o.bufValue !== undefined) out.bufValue = o.bufValue;
  return out;
}

function checkListenerSettings(o: ListenerOptionsJson, ctx: CheckContext): Issue[] {
  const issues: Issue[] = [];
  (o.socketOptions ?? []).forEach((s, i) => {
    const at = `${ctx.field}.socketOptions[${i}]`;
    if (s.intValue === undefined && s.bufValue === undefined) issues.push({ severity: 'error', message: `${at} needs intValue or bufValue: Envoy requires the value to set` });
    for (const f of ['level', 'name', 'intValue'] as const) {
      const v = s[f];
      if (v !== undefined && !INT64.test(String(v))) issues.push({ severity: 'error', message: `${at}.${f} "${v}" is not an integer` });
    }
  });
  if (o.connectionBalanceConfig && !o.connectionBalanceConfig.exactBalance) {
    issues.push({ severity: 'error', message: `${ctx.field}.connectionBalanceConfig does not specify a balancer type: set exactBalance: {}` });
  }
  return issues;
}

/** The listener settings plugin. */
export const listenerSettingsPlugin: Plugin = {
  name: 'listener-settings',
  listenerOptions: ['perConnectionBufferLimitBytes', 'socketOptions', 'connectionBalanceConfig'],
  checkListener: checkListenerSettings,
  listener(o, out) {
    if (o.perConnectionBufferLimitBytes) out.perConnectionBufferLimitBytes = o.perConnectionBufferLimitBytes;
    if (o.socketOptions?.length) out.socketOptions = o.socketOptions.map(socketOption);
    if (o.connectionBalanceConfig?.exactBalance) out.connectionBalanceConfig = { exactBalance: {} };
  },
};
