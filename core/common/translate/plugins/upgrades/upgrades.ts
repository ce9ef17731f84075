// Protocol upgrades on a route, after Gloo's basicroute plugin (projects/gloo/pkg/plugins/basicroute/
// plugin.go: applyUpgrades; utils/upgradeconfig ValidateRouteUpgradeConfigs): websocket and CONNECT
// upgrades turned on or off for the route, CONNECT terminated at Envoy with connectTerminate. An
// unset `enabled` leaves Envoy's default (on). Each upgrade type may appear once.
import type { ProtocolUpgradeConfigJson } from '../../../gen/gloo/api/v1/options/protocol_upgrade/protocol_upgrade_pb';
import type { EnvoyRouteAction } from '../envoy';
import type { Issue } from '../../served';
import { forwardingOnly } from '../forwarding-only';
import type { CheckContext, Plugin } from '../plugin';

type UpgradeConfig = NonNullable<EnvoyRouteAction['upgradeConfigs']>[number];

/** Envoy's upgrade config of one of Gloo's, or undefined for an empty entry. */
export function upgradeConfig(u: ProtocolUpgradeConfigJson): UpgradeConfig | undefined {
  const enabled = (e: boolean | null | undefined) => (e === undefined || e === null ? {} : { enabled: e });
  if (u.websocket) return { upgradeType: 'websocket', ...enabled(u.websocket.enabled) };
  if (u.connect) return { upgradeType: 'CONNECT', ...enabled(u.connect.enabled) };
  if (u.connectTerminate) return { upgradeType: 'CONNECT', ...enabled(u.connectTerminate.enabled), connectConfig: {} };
  return undefined;
}

function check(list: readonly ProtocolUpgradeConfigJson[], ctx: CheckContext): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  list.forEach((u, i) => {
    const c = upgradeConfig(u);
    if (!c) issues.push({ severity: 'error', message: `${ctx.field}.upgrades[${i}] names no upgrade (websocket, connect or connectTerminate)` });
    else if (seen.has(c.upgradeType ?? '')) issues.push({ severity: 'error', message: `${ctx.field}.upgrades[${i}]: upgrade config ${c.upgradeType} is not unique` });
    else seen.add(c.upgradeType ?? '');
  });
  return issues;
}

/** The route upgrades plugin. */
export const upgradesPlugin: Plugin = {
  name: 'upgrades',
  routeOptions: ['upgrades'],
  checkRoute: (o, action, ctx) => [...forwardingOnly('upgrades', action, ctx), ...check(o.upgrades ?? [], ctx)],
  routeAction(o, out) {
    if (!o.upgrades?.length) return;
    out.upgradeConfigs = o.upgrades.map(upgradeConfig).filter((c): c is UpgradeConfig => !!c);
  },
};
