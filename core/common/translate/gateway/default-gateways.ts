// Which Gateways the gateway stage reads. Gloo reads Gateways from its write namespace only, unless
// Settings gateway.readGatewaysFromAllNamespaces is set (projects/gateway/pkg/translator/predicate.go,
// GetPredicate). When the config holds no Gateway at all, the sandbox stands in for a default Gloo
// install, which creates `gateway-proxy` (HTTP on 8080) and `gateway-proxy-ssl` (HTTPS on 8443) in
// the write namespace (Gloo's gateway defaults package); a file holding a Gateway that failed to load
// counts as a Gateway, so a broken Gateway is never silently replaced by the defaults.
import type { FileProblem } from '../../model/errors';
import type { Resource } from '../../model/resource';
import { DEFAULT_PROXY_NAME } from '../names';

/** Gloo's default HTTP and HTTPS gateways in a namespace; they are synthetic, so they get no status. */
export function defaultGateways(namespace: string): Resource<'Gateway'>[] {
  const base = { bindAddress: '::', proxyNames: [DEFAULT_PROXY_NAME], httpGateway: {} };
  return [
    { kind: 'Gateway', metadata: { name: 'gateway-proxy', namespace }, spec: { ...base, bindPort: 8080 } },
    { kind: 'Gateway', metadata: { name: 'gateway-proxy-ssl', namespace }, spec: { ...base, bindPort: 8443, ssl: true } },
  ];
}

/** The note on the proxy the default gateways make. */
export const DEFAULT_GATEWAYS_NOTE = "the config has no Gateway, so Gloo's default gateways are used: gateway-proxy (HTTP, port 8080) and gateway-proxy-ssl (HTTPS, port 8443)";

/** The Gateways a pass reads, those it ignores, the defaults when they stand in, and the files holding a Gateway that failed to load. */
export interface GatewayChoice {
  readonly read: readonly Resource<'Gateway'>[];
  readonly ignored: readonly Resource<'Gateway'>[];
  readonly defaults?: readonly Resource<'Gateway'>[];
  readonly brokenFiles: readonly string[];
}

/** Splits the Gateways by the namespace predicate and decides whether the defaults stand in. */
export function chooseGateways(gateways: readonly Resource<'Gateway'>[], settings: readonly Resource<'Settings'>[], problems: readonly FileProblem[], writeNamespace: string): GatewayChoice {
  const allNamespaces = settings.some((s) => s.spec.gateway?.readGatewaysFromAllNamespaces);
  const read = allNamespaces ? gateways : gateways.filter((g) => g.metadata.namespace === writeNamespace);
  const ignored = allNamespaces ? [] : gateways.filter((g) => g.metadata.namespace !== writeNamespace);
  const brokenFiles = [...new Set(problems.filter((p) => p.kind === 'Gateway').map((p) => p.file))].sort();
  const useDefaults = gateways.length === 0 && brokenFiles.length === 0 && !settings.some((s) => s.spec.gateway?.disableDefaultGateways);
  return useDefaults ? { read, ignored, defaults: defaultGateways(writeNamespace), brokenFiles } : { read, ignored, brokenFiles };
}

/** The note on a Gateway the namespace predicate leaves out. */
export function ignoredGatewayNote(writeNamespace: string): string {
  return `ignored: Gloo reads Gateways only from its write namespace ${writeNamespace} unless Settings gateway.readGatewaysFromAllNamespaces is true`;
}

/** Why no Gateway serves anything, for objects no Gateway selects; undefined when some Gateway is read. */
export function noGatewayNote(choice: GatewayChoice, writeNamespace: string): string | undefined {
  if (choice.read.length || choice.defaults) return undefined;
  if (choice.brokenFiles.length) return `no Gateway loaded, and the default gateways are not used because ${choice.brokenFiles.join(', ')} holds a Gateway that failed to load`;
  if (choice.ignored.length) return `no Gateway in the write namespace ${writeNamespace} (Gateways elsewhere are read only with Settings gateway.readGatewaysFromAllNamespaces)`;
  return undefined;
}
